import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { OverdueKind, OverdueParams } from '@app/contract';
import { DEADLINE_KINDS } from '@app/domain';
import { PageQuery } from '../tasks/list-query.dto';

/**
 * API.md names `summons` among the kinds; summons (吹哨报到) have no deadlines yet, so that filter
 * is accepted and simply finds none.
 */
const BOARD_KINDS: readonly OverdueKind[] = [...DEADLINE_KINDS, 'summons'];

export class OverdueQuery extends PageQuery implements OverdueParams {
  @IsOptional()
  @IsIn(BOARD_KINDS)
  kind?: OverdueKind;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  orgCode?: string;
}
