import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuditEvent, AuditVerification } from '@app/contract';
import { AUDIT_AGGREGATES, AuditService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam, OneOfPipe } from '../http/params';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Recompute every hash chain of the audit log; reports the first broken link. */
  @Roles('reviewer', 'supervisor', 'admin')
  @Get('verify')
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }

  /**
   * The audit events of a task, assignment, list, user, tolerance claim or webhook (users and
   * webhooks: admin only), oldest first. A calendar day's are at /api/calendar/overrides/{date}/history.
   */
  @Roles(...ALL_ROLES)
  @Get(':aggregate/:id')
  @ApiParam({ name: 'aggregate', enum: AUDIT_AGGREGATES })
  events(
    @CurrentActor() actor: Actor,
    @Param('aggregate', new OneOfPipe(AUDIT_AGGREGATES)) aggregate: string,
    @IdParam() id: string,
  ): Promise<AuditEvent[]> {
    return this.audit.events(actor, aggregate, id);
  }
}
