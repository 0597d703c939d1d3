import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ImportListFields, MatterSearchParams, ReplaceRulesBody } from '@app/contract';
import type { RoutingRule } from '@app/domain';

/** The multipart form of `POST /api/lists`: the file and two text fields. */
export class ImportListDto implements ImportListFields {
  /** Taken by the upload interceptor, never by the validation pipe: described here for the form's schema. */
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV or XLSX in the seed CSV’s columns.' })
  file?: unknown;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  effectiveFrom?: string;
}

export class MatterQuery implements MatterSearchParams {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;
}

export class RulesDto implements ReplaceRulesBody {
  /** Checked as a whole by the domain (ruleTableProblems), which names each bad rule. */
  @IsArray()
  rules: RoutingRule[];
}
