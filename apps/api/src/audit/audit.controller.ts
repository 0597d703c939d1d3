import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AUDIT_AGGREGATES, AuditService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam, OneOfPipe } from '../http/params';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('reviewer', 'supervisor', 'admin')
  @Get('verify')
  verify() {
    return this.audit.verify();
  }

  @Roles(...ALL_ROLES)
  @Get(':aggregate/:id')
  events(
    @CurrentActor() actor: Actor,
    @Param('aggregate', new OneOfPipe(AUDIT_AGGREGATES)) aggregate: string,
    @IdParam() id: string,
  ) {
    return this.audit.events(actor, aggregate, id);
  }
}
