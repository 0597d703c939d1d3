import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { OverdueKind, OverdueParams } from '@app/contract';
import { DEADLINE_KINDS } from '@app/domain';
import { PageQuery } from '../tasks/list-query.dto';

/** The deadline kinds, and `joint_action` for both deadlines of a joint action (API.md). */
const BOARD_KINDS: readonly OverdueKind[] = [...DEADLINE_KINDS, 'joint_action'];

export class OverdueQuery extends PageQuery implements OverdueParams {
  @IsOptional()
  @IsIn(BOARD_KINDS)
  kind?: OverdueKind;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  orgCode?: string;
}
