import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { CalendarService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IsBoundedDate } from '../http/dates';
import { NotBlank } from '../http/not-blank';

/** Both ends within DATE_MIN..DATE_MAX; the service caps the span (400 days). */
class WorkdaysQuery {
  @IsBoundedDate()
  from: string;

  @IsBoundedDate()
  to: string;
}

class OverrideDto {
  @IsBoundedDate()
  date: string;

  @IsBoolean()
  workday: boolean;

  @IsString()
  @Length(1, 200)
  @NotBlank()
  note: string;
}

/** A year of overrides at most per request. */
class OverridesDto {
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides: OverrideDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @IsBoundedDate({ each: true })
  remove?: string[];
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Roles(...ALL_ROLES)
  @Get('workdays')
  workdays(@Query() q: WorkdaysQuery) {
    return this.calendar.workdays(q.from, q.to);
  }

  @Roles(...ALL_ROLES)
  @Get('overrides')
  overrides() {
    return this.calendar.listOverrides();
  }

  @Roles('admin')
  @Put('overrides')
  put(@CurrentActor() actor: Actor, @Body() dto: OverridesDto) {
    return this.calendar.putOverrides(actor, dto.overrides, dto.remove ?? []);
  }
}
