import { Controller, Get, Headers, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pickLanguage } from '@app/domain';
import { ExportService, type Actor, type Download } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { AssignmentExportQuery, FormatQuery, OverdueExportQuery, TaskExportQuery } from './exports.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file as a download, its name in UTF-8 (RFC 6266 `filename*`). */
function download(res: FastifyReply, file: Download): StreamableFile {
  res.header('Content-Type', file.contentType);
  res.header(
    'Content-Disposition',
    `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.header('Cache-Control', 'no-store');
  return new StreamableFile(file.body);
}

/** The lists of the web app as XLSX or CSV files, and the import template of the responsibility list. */
@ApiTags('exports')
@ApiProduces(XLSX, 'text/csv')
@ApiOkResponse({
  description: 'The file, as an attachment (Content-Disposition gives its name).',
  schema: { type: 'string', format: 'binary' },
})
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportService) {}

  /** The assignments the caller sees, with the list's filters and sort (at most 10,000 rows). */
  @Roles(...ALL_ROLES)
  @Get('assignments')
  async assignments(
    @CurrentActor() actor: Actor,
    @Query() q: AssignmentExportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('accept-language') lang?: string,
  ): Promise<StreamableFile> {
    const { format, ...filter } = q;
    return download(res, await this.exports.assignmentSheet(actor, filter, format, pickLanguage(lang)));
  }

  /** The tasks the caller sees (a department: its own), newest first. */
  @Roles(...ALL_ROLES)
  @Get('tasks')
  async tasks(
    @CurrentActor() actor: Actor,
    @Query() q: TaskExportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('accept-language') lang?: string,
  ): Promise<StreamableFile> {
    return download(res, await this.exports.taskSheet(actor, q, q.format, pickLanguage(lang)));
  }

  /** The overdue board with the days each item is overdue. */
  @Roles('supervisor', 'reviewer', 'admin')
  @Get('overdue')
  async overdue(
    @Query() q: OverdueExportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('accept-language') lang?: string,
  ): Promise<StreamableFile> {
    const { format, ...filter } = q;
    return download(res, await this.exports.overdueSheet(filter, format, pickLanguage(lang)));
  }

  /** The import template of the responsibility list: Chinese headers and one example row that imports as it is. */
  @Roles(...ALL_ROLES)
  @Get('list-template')
  async listTemplate(
    @Query() q: FormatQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    return download(res, await this.exports.listTemplate(q.format));
  }

  /** The matters of a list version (`current`: the one in force), in the import's columns under Chinese headers. */
  @Roles(...ALL_ROLES)
  @Get('lists/:id')
  async list(
    @Param('id') id: string,
    @Query() q: FormatQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    return download(res, await this.exports.listSheet(id, q.format));
  }
}
