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
import { DISPUTE_REASONS, ROLES, type AssignmentRole, type DisputeReason } from '@app/domain';
import { NotBlank } from '../http/not-blank';

/** The version the client last saw: a transition on a stale version gets 409. */
export class VersionDto {
  @IsInt()
  @Min(1)
  version: number;
}

export class DisputeDto extends VersionDto {
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

export class ProgressDto {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}

export class CompleteDto extends VersionDto {
  @IsString()
  @Length(1, 5000)
  @NotBlank()
  result: string;
}

export class ConfirmDto extends VersionDto {
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ReasonedVersionDto extends VersionDto {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

export class ReasonDto {
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

/** Extensions are counted in working days; a quarter (~60) is the most a single request may ask. */
export class ExtensionRequestDto {
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays: number;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason: string;
}

export class ExtensionDecisionDto {
  @IsBoolean()
  approve: boolean;
}

export class ReviewDecisionDto {
  @IsIn(['admit', 'refuse', 'return'])
  decision: 'admit' | 'refuse' | 'return';

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

export class ArbitrationDto {
  @IsIn(['street', 'department'])
  upheld: 'street' | 'department';

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;
}
