import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { projectPath } from '@app/config';
import type { StaffingParams, StaffingReport } from '@app/contract';
import {
  parsePeriod,
  parseStaffingSettings,
  staffingProposal,
  validationError,
  type Clock,
  type Language,
  type StaffingFlag,
  type StaffingSettings,
} from '@app/domain';
import { OrganisationRepository, weightedWorkloadByStreet } from '@app/persistence';
import { exportTable, type ExportedFile, type ExportFormat } from '../export/table-export';
import { CLOCK } from '../tokens';

/** Workload/post and densities are shown to two decimals; the export keeps the same. */
const round2 = (x: number): number => Math.round(x * 100) / 100;

const HEADERS: Record<Language, string[]> = {
  'zh-CN': [
    '街道代码',
    '街道',
    '区',
    '常住人口(人)',
    '面积(平方公里)',
    '编制数',
    '实有人数',
    '工作量',
    '人均工作量',
    '每万人编制',
    '建议编制',
    '增减',
    '标记',
  ],
  en: [
    'Street code',
    'Street',
    'District',
    'Population',
    'Area (km²)',
    'Authorised posts',
    'Actual staff',
    'Workload',
    'Workload per post',
    'Posts per 10,000 residents',
    'Proposed posts',
    'Change',
    'Flags',
  ],
};

const FLAG_TEXT: Record<StaffingFlag, Record<Language, string>> = {
  over_establishment: { 'zh-CN': '超编', en: 'over establishment' },
  understaffed: { 'zh-CN': '编制偏少', en: 'understaffed' },
  overstaffed: { 'zh-CN': '编制偏多', en: 'overstaffed' },
  big_change: { 'zh-CN': '调整幅度大', en: 'big change' },
};

const TOTAL_LABEL: Record<Language, string> = { 'zh-CN': '合计', en: 'Total' };

/**
 * The staffing report (编制动态调整, DESIGN.md "Staffing"): each selected street's population,
 * area, authorised posts, actual staff and weighted workload over the period, and a proposal that
 * redistributes exactly the authorised total (libs/domain `staffingProposal`). Floor and weights
 * come from `config/staffing.json`; a request may try another floor.
 */
@Injectable()
export class StaffingService {
  readonly settings: StaffingSettings = parseStaffingSettings(
    JSON.parse(readFileSync(projectPath('config', 'staffing.json'), 'utf8')),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(q: Omit<StaffingParams, 'format'>): Promise<StaffingReport> {
    const now = this.clock.now();
    const period = q.period === undefined ? null : parsePeriod(q.period);
    if (q.period !== undefined && !period)
      throw validationError([{ field: 'period', reason: 'bad_staffing_period' }]);
    // Default: the 12 months up to now (DESIGN.md); a period names its own bounds.
    const from = period?.start ?? new Date(new Date(now).setUTCFullYear(now.getUTCFullYear() - 1));
    const to = period?.end ?? now;
    const tx = this.dataSource.manager;
    const all = await this.orgs.list(tx, 'street');
    const streets = q.districtCode ? all.filter((s) => s.districtCode === q.districtCode) : all;
    if (q.districtCode && streets.length === 0)
      throw validationError([{ field: 'districtCode', reason: 'unknown_district' }]);
    const workload = new Map(
      (await weightedWorkloadByStreet(tx, from.toISOString(), to.toISOString())).map((w) => [
        w.streetCode,
        w.workload,
      ]),
    );
    const floor = q.floor ?? this.settings.floorPosts;
    const proposal = staffingProposal(
      streets.map((s) => ({
        streetCode: s.code,
        populationWan: s.populationWan ?? 0,
        areaKm2: s.areaKm2 ?? 0,
        authorisedPosts: s.authorisedPosts ?? 0,
        actualStaff: s.actualStaff,
        workload: workload.get(s.code) ?? 0,
      })),
      { floor, weights: this.settings.weights },
    );
    return {
      districtCode: q.districtCode ?? null,
      period: period?.code ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      floor,
      weights: { ...this.settings.weights },
      streets: proposal.streets.map((r, i) => ({
        streetCode: r.streetCode,
        streetName: streets[i].name,
        districtCode: streets[i].districtCode ?? '',
        districtName: streets[i].districtName ?? '',
        population: Math.round(r.populationWan * 10_000),
        populationWan: r.populationWan,
        areaKm2: r.areaKm2,
        authorisedPosts: r.authorisedPosts,
        actualStaff: r.actualStaff,
        workload: round2(r.workload),
        workloadPerPost: r.authorisedPosts > 0 ? round2(r.workload / r.authorisedPosts) : null,
        postsPer10k: r.postsPer10k === null ? null : round2(r.postsPer10k),
        proposedPosts: r.proposedPosts,
        change: r.proposedPosts - r.authorisedPosts,
        flags: r.flags,
      })),
      totals: {
        ...proposal.totals,
        population: Math.round(proposal.totals.populationWan * 10_000),
        medianPostsPer10k:
          proposal.totals.medianPostsPer10k === null ? null : round2(proposal.totals.medianPostsPer10k),
      },
    };
  }

  /** The report as CSV or XLSX, headed in the caller's language, every text cell neutralised. */
  async export(
    q: Omit<StaffingParams, 'format'>,
    format: ExportFormat,
    lang: Language,
  ): Promise<ExportedFile> {
    const r = await this.report(q);
    const t = r.totals;
    return exportTable(
      {
        sheetName: lang === 'en' ? 'Staffing' : '编制测算',
        header: HEADERS[lang],
        rows: [
          ...r.streets.map((s) => [
            s.streetCode,
            s.streetName,
            s.districtName,
            s.population,
            s.areaKm2,
            s.authorisedPosts,
            s.actualStaff,
            s.workload,
            s.workloadPerPost,
            s.postsPer10k,
            s.proposedPosts,
            s.change,
            s.flags.map((f) => FLAG_TEXT[f][lang]).join('; '),
          ]),
          [
            TOTAL_LABEL[lang],
            '',
            '',
            t.population,
            t.areaKm2,
            t.authorisedPosts,
            t.actualStaff,
            t.workload,
            null,
            null,
            t.proposedPosts,
            t.proposedPosts - t.authorisedPosts,
            '',
          ],
        ],
      },
      format,
    );
  }
}
