import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type {
  ArbitrationBody,
  CompleteBody,
  ConfirmBody,
  DisputeBody,
  DisputeParty,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  ProgressBody,
  ReasonBody,
  ReasonedVersionBody,
  ReviewDecisionBody,
  ReviewVerdict,
  VersionBody,
} from '@app/contract';
import { DISPUTE_REASONS, ROLES, type AssignmentRole, type DisputeReason } from '@app/domain';
import { NotBlank } from '../http/not-blank';

/** The version the client last saw: a transition on a stale version gets 409. */
export class VersionDto implements VersionBody {
  @IsInt()
  @Min(1)
  version: number;
}

export class DisputeDto extends VersionDto implements DisputeBody {
  @IsIn(DISPUTE_REASONS)
  reasonCode: DisputeReason;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{1,6}-\d{1,4}$/)
  citedMatterCode?: string;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

export class ProgressDto implements ProgressBody {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}

export class CompleteDto extends VersionDto implements CompleteBody {
  @IsString()
  @Length(1, 5000)
  @NotBlank()
  result: string;
}

export class ConfirmDto extends VersionDto implements ConfirmBody {
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ReasonedVersionDto extends VersionDto implements ReasonedVersionBody {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

export class ReasonDto implements ReasonBody {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

/** Extensions are counted in working days; a quarter (~60) is the most a single request may ask. */
export class ExtensionRequestDto implements ExtensionRequestBody {
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays: number;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

export class ExtensionDecisionDto implements ExtensionDecisionBody {
  @IsBoolean()
  approve: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  comment?: string;
}

export class ReviewDecisionDto implements ReviewDecisionBody {
  @IsIn(['admit', 'refuse', 'return'])
  decision: ReviewVerdict;

  @IsOptional()
  @IsIn(ROLES)
  role?: AssignmentRole;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{1,6}-\d{1,4}$/)
  matterCode?: string;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}

export class ArbitrationDto implements ArbitrationBody {
  @IsIn(['street', 'department'])
  upheld: DisputeParty;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}
