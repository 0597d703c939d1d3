import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Organisation } from '@app/contract';
import { OrganisationRepository } from '@app/persistence';
import { ALL_ROLES, Roles } from '../http/auth';
import { OrgQuery } from './orgs.dto';

@ApiTags('organisations')
@Controller('orgs')
export class OrgsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganisationRepository,
  ) {}

  /** List the organisations, optionally of one kind. */
  @Roles(...ALL_ROLES)
  @Get()
  list(@Query() q: OrgQuery): Promise<Organisation[]> {
    return this.orgs.list(this.dataSource.manager, q.kind);
  }
}
