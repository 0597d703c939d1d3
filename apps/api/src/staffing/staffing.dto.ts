import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { StaffingParams } from '@app/contract';

export class StaffingQuery implements StaffingParams {
  /** One district's streets (`D1`); all 35 when absent. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  districtCode?: string;

  /** A month `2026-11` or quarter `2026-Q4` for the workload; the last 12 months when absent. */
  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  period?: string;

  /**
   * Posts every street keeps (default: `floorPosts` of config/staffing.json, 40). 1,000 is far above
   * any street's establishment; a floor the selection's total cannot give every street is 422.
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  floor?: number;

  /** json (default), or a download: xlsx, csv. */
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx', 'csv'])
  format?: 'json' | 'xlsx' | 'csv';
}
