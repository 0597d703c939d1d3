import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import type { CalendarOverride, OverridesBody, WorkdaysParams } from '@app/contract';
import { IsBoundedDate } from '../http/dates';
import { NotBlank } from '../http/not-blank';

/** Both ends within DATE_MIN..DATE_MAX; the service caps the span (400 days). */
export class WorkdaysQuery implements WorkdaysParams {
  @IsBoundedDate()
  from: string;

  @IsBoundedDate()
  to: string;
}

export class OverrideDto implements CalendarOverride {
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
export class OverridesDto implements OverridesBody {
  @IsArray()
  @ArrayMaxSize(366)
  // ValidateNested validates an array in an item's place as a list of items: an item must be an object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides: OverrideDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @IsBoundedDate({ each: true })
  remove?: string[];
}
