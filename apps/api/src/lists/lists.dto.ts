import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { ImportListFields, ListDiffParams, MatterSearchParams, ReplaceRulesBody } from '@app/contract';
import type { RoutingRule } from '@app/domain';

/** The text fields of the multipart form of `POST /api/lists` (the file is the upload interceptor's). */
export class ImportListDto implements ImportListFields {
  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  effectiveFrom?: string;
}

/**
 * The whole form, for the OpenAPI document only: the validation pipe sees ImportListDto, where a
 * `file` field would be refused as unknown (class fields exist on every instance).
 */
export class ImportListForm extends ImportListDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV or XLSX in the seed CSV’s columns.' })
  file: unknown;
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

export class DiffQuery implements ListDiffParams {
  /** The id of the version compared against. */
  @IsUUID()
  from: string;
}
