import type { Scorecard } from '@app/contract';
import { METRIC_LABELS, METRICS_OF, SCORECARD_KINDS, type MetricName } from '@app/domain';
import type { ExportTable } from '../export/table-export';

const KIND_LABELS = { street: '街道 street', department: '部门 department' } as const;

/**
 * The scorecards of a period as one table: organisation, score (unrounded, as the API answers it),
 * rank, then each metric's value, numerator and denominator, for the metrics of the kinds present.
 * Headers are bilingual; every text cell (an organisation's name included) leaves through
 * exportTable's neutralisation.
 */
export function scorecardTable(period: string, cards: Scorecard[]): ExportTable {
  const kinds = SCORECARD_KINDS.filter((k) => cards.some((c) => c.kind === k));
  const metrics: MetricName[] = kinds.flatMap((k) => [...METRICS_OF[k]]);
  const label = (m: MetricName) => `${METRIC_LABELS[m]['zh-CN']} ${m}`;
  return {
    sheetName: `考核 ${period}`,
    header: [
      '考核期 period',
      '类别 kind',
      '单位代码 orgCode',
      '单位名称 orgName',
      '得分 score',
      '排名 rank',
      ...metrics.flatMap((m) => [label(m), `${label(m)} 分子 numerator`, `${label(m)} 分母 denominator`]),
    ],
    rows: cards.map((c) => [
      c.period,
      KIND_LABELS[c.kind],
      c.orgCode,
      c.orgName,
      c.score,
      c.rank,
      ...metrics.flatMap((m) => {
        const v = c.metrics[m];
        return v ? [v.value, v.numerator, v.denominator] : [null, null, null];
      }),
    ]),
  };
}
