import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { AssignmentListParams, PageParams, TaskListParams } from '@app/contract';
import { ASSIGNMENT_STATES, ROLES, type AssignmentRole, type AssignmentState } from '@app/domain';

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
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}
