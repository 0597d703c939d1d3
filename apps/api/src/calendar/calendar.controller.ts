import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuditEvent, CalendarOverride, Workdays } from '@app/contract';
import { CalendarService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { OverridesDto, WorkdaysQuery } from './calendar.dto';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** Which days from `from` to `to` are working days (PRC calendar with local overrides). */
  @Roles(...ALL_ROLES)
  @Get('workdays')
  workdays(@Query() q: WorkdaysQuery): Promise<Workdays> {
    return this.calendar.workdays(q.from, q.to);
  }

  /** The local overrides of the national calendar. */
  @Roles(...ALL_ROLES)
  @Get('overrides')
  overrides(): Promise<CalendarOverride[]> {
    return this.calendar.listOverrides();
  }

  /** Who set or removed an override of one day, and when: the day's audit events, oldest first. */
  @Roles(...ALL_ROLES)
  @Get('overrides/:date/history')
  @ApiParam({
    name: 'date',
    format: 'date',
    description: 'YYYY-MM-DD. Not a date, or outside the configured window: 404.',
  })
  overrideHistory(@Param('date') date: string): Promise<AuditEvent[]> {
    return this.calendar.history(date);
  }

  /** Set and remove local overrides; answers with all of them. */
  @Roles('admin')
  @Put('overrides')
  putOverrides(@CurrentActor() actor: Actor, @Body() dto: OverridesDto): Promise<CalendarOverride[]> {
    return this.calendar.putOverrides(actor, dto.overrides, dto.remove ?? []);
  }
}
