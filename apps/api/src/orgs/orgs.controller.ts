import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { OrganisationRepository, type OrgKind } from '@app/persistence';
import { ALL_ROLES, Roles } from '../http/auth';

class OrgQuery {
  @IsOptional()
  @IsIn(['department', 'street', 'authority'])
  kind?: OrgKind;
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganisationRepository,
  ) {}

  @Roles(...ALL_ROLES)
  @Get()
  list(@Query() q: OrgQuery) {
    return this.orgs.list(this.dataSource.manager, q.kind);
  }
}
