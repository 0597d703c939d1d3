import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ASSIGNMENT_STATES, ROLES } from '@app/domain';

/** Keyset pagination shared by list endpoints. */
export class PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class TaskListQuery extends PageQuery {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  state?: string;
}

export class AssignmentListQuery extends PageQuery {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  state?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: string;

  @IsOptional()
  @IsUUID()
  taskId?: string;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}
