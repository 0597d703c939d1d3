import { OmitType } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ASSIGNMENT_STATES, type AssignmentState } from '@app/domain';
import type { ExportFormat } from '@app/workflow';
import { OverdueQuery } from '../supervision/supervision.dto';
import { AssignmentListQuery } from '../tasks/list-query.dto';

const FORMATS = ['xlsx', 'csv'] as const;

/** The file format of an export: XLSX (Excel) by default, or CSV (UTF-8 with BOM). */
export class FormatQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FORMATS)
  format: ExportFormat = 'xlsx';
}

/** The assignment list's filters and sort (no page: the file holds every row, up to its cap). */
export class AssignmentExportQuery extends OmitType(AssignmentListQuery, ['cursor', 'limit'] as const) {
  @ApiPropertyOptional({ enum: FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FORMATS)
  format: ExportFormat = 'xlsx';
}

export class TaskExportQuery extends FormatQuery {
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  state?: AssignmentState;
}

export class OverdueExportQuery extends OmitType(OverdueQuery, ['cursor', 'limit'] as const) {
  @ApiPropertyOptional({ enum: FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FORMATS)
  format: ExportFormat = 'xlsx';
}
