import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ASSIGNMENT_SORTS,
  type AssignmentListParams,
  type AssignmentSort,
  type PageParams,
  type TaskListParams,
} from '@app/contract';
import { ASSIGNMENT_STATES, ROLES, type AssignmentRole, type AssignmentState } from '@app/domain';
import { IsBoundedDate } from '../http/dates';
import { NotBlank } from '../http/not-blank';

/** Organisation codes (`ZJJ`, `D1-S01`, `D1`). */
const ORG_CODE = /^[A-Za-z0-9-]{1,16}$/;
/** Matter codes (`MZ-01`), as the list defines them. */
const MATTER_CODE = /^[A-Z]{1,6}-\d{1,4}$/;

/** `true`/`false` in a query string as the boolean it names (anything else fails @IsBoolean). */
const queryBoolean = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Keyset pagination shared by list endpoints. */
export class PageQuery implements PageParams {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  /** Items per page, 1–200. */
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

export class TaskListQuery extends PageQuery implements TaskListParams {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  state?: AssignmentState;
}

export class AssignmentListQuery extends PageQuery implements AssignmentListParams {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  state?: AssignmentState;

  @IsOptional()
  @IsIn(ROLES)
  role?: AssignmentRole;

  @IsOptional()
  @IsUUID()
  taskId?: string;

  @IsOptional()
  @queryBoolean
  @IsBoolean()
  overdue?: boolean;

  @IsOptional()
  @queryBoolean
  @IsBoolean()
  dueSoon?: boolean;

  @IsOptional()
  @queryBoolean
  @IsBoolean()
  extensionPending?: boolean;

  /** Searched in the task's title and matter code; 1–100 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NotBlank()
  q?: string;

  @IsOptional()
  @IsString()
  @Matches(MATTER_CODE)
  matterCode?: string;

  @IsOptional()
  @IsString()
  @Matches(ORG_CODE)
  streetCode?: string;

  @IsOptional()
  @IsString()
  @Matches(ORG_CODE)
  submitterCode?: string;

  @IsOptional()
  @IsString()
  @Matches(ORG_CODE)
  districtCode?: string;

  @IsOptional()
  @IsBoundedDate()
  dueFrom?: string;

  @IsOptional()
  @IsBoundedDate()
  dueTo?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(ASSIGNMENT_SORTS)
  sort?: AssignmentSort;
}
