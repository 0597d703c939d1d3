import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type {
  DecideClaimBody,
  FileClaimBody,
  ToleranceClaimListParams,
  ToleranceItemBody,
  ToleranceItemParams,
} from '@app/contract';
import {
  TOLERANCE_CLAIM_STATES,
  TOLERANCE_DECISIONS,
  TOLERANCE_ITEM_CODE,
  TOLERANCE_LIST_MAX_ITEMS,
  TOLERANCE_TARGET_KINDS,
  TOLERANCE_TEXT_MAX,
  type ToleranceClaimState,
  type ToleranceDecision,
  type ToleranceTargetKind,
} from '@app/domain';
import { NotBlank } from '../http/not-blank';
import { PageQuery } from '../tasks/list-query.dto';

/** Explanations and evidence are a paragraph or a few; 4,000 characters hold a page of text. */
const CLAIM_TEXT_MAX = 4000;

export class ToleranceItemDto implements ToleranceItemBody {
  @ApiProperty({ example: 'FORCE_MAJEURE', pattern: TOLERANCE_ITEM_CODE.source })
  @IsString()
  @Matches(TOLERANCE_ITEM_CODE)
  code: string;

  @ApiProperty({ example: '因防汛抢险等不可抗力导致任务延误' })
  @IsString()
  @Length(1, TOLERANCE_TEXT_MAX)
  @NotBlank()
  text: string;

  @ApiPropertyOptional({ example: 'Delay caused by force majeure such as flood fighting' })
  @IsOptional()
  @IsString()
  @Length(1, TOLERANCE_TEXT_MAX)
  @NotBlank()
  textEn?: string;

  @IsBoolean()
  tolerable: boolean;
}

/**
 * The body of `PUT /api/tolerance-items` is a bare array (API.md); the pipe validates it as the
 * `items` of this holder, so every item's fields are checked and reported (`[2].code`).
 */
export class ToleranceItemsDto {
  @IsArray()
  @ArrayMaxSize(TOLERANCE_LIST_MAX_ITEMS)
  // ValidateNested validates an array in an item's place as a list of items: an item must be an object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ToleranceItemDto)
  items: ToleranceItemDto[];
}

export class ToleranceItemQuery implements ToleranceItemParams {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired?: boolean;
}

export class FileClaimDto implements FileClaimBody {
  @ApiProperty({ enum: TOLERANCE_TARGET_KINDS })
  @IsIn(TOLERANCE_TARGET_KINDS)
  targetKind: ToleranceTargetKind;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  targetId: string;

  @ApiProperty({ example: 'FORCE_MAJEURE' })
  @IsString()
  @Matches(TOLERANCE_ITEM_CODE)
  itemCode: string;

  @IsString()
  @Length(1, CLAIM_TEXT_MAX)
  @NotBlank()
  explanation: string;

  @IsOptional()
  @IsString()
  @MaxLength(CLAIM_TEXT_MAX)
  evidence?: string;
}

export class DecideClaimDto implements DecideClaimBody {
  @ApiProperty({ enum: TOLERANCE_DECISIONS })
  @IsIn(TOLERANCE_DECISIONS)
  decision: ToleranceDecision;

  /** The reason, shown to the organisation that claimed. */
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}

export class ToleranceClaimQuery extends PageQuery implements ToleranceClaimListParams {
  @IsOptional()
  @IsIn(TOLERANCE_CLAIM_STATES)
  state?: ToleranceClaimState;

  /** Supervisors: one organisation's claims. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  orgCode?: string;
}
