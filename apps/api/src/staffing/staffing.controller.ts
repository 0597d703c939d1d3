import { Controller, Get, Headers, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffingReport } from '@app/contract';
import { pickLanguage } from '@app/domain';
import { StaffingService } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { Roles } from '../http/auth';
import { StaffingQuery } from './staffing.dto';

/** The staffing report (编制动态调整) of the organisation office (编办). */
@ApiTags('reports')
@ApiExtraModels(StaffingReport)
@Controller('reports')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  /**
   * Staffing per street: population, area, authorised posts, actual staff and workload, with a
   * proposal that keeps the selection's authorised total exactly, and the flags.
   * @remarks `format=xlsx|csv` downloads the same table (every text cell neutralised against
   * formula injection), headed in the `Accept-Language` language.
   */
  @Roles('reviewer', 'supervisor', 'admin')
  @Get('staffing')
  @ApiOkResponse({
    description: 'The report (JSON), or with `format` the file.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(StaffingReport) } },
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiError(
    422,
    'The floor times the number of streets exceeds their authorised total (`STAFFING_FLOOR_TOO_HIGH`).',
  )
  async report(
    @Query() q: StaffingQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StaffingReport | StreamableFile> {
    const { format, ...params } = q;
    if (!format || format === 'json') return this.staffing.report(params);
    const file = await this.staffing.export(params, format, pickLanguage(acceptLanguage));
    const name = `staffing${params.districtCode ? `-${params.districtCode}` : ''}${params.period ? `-${params.period}` : ''}`;
    res.header('content-type', file.contentType);
    res.header('content-disposition', `attachment; filename="${name}.${file.extension}"`);
    return new StreamableFile(file.body);
  }
}
