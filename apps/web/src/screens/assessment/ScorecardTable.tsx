import { Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DEPARTMENT_METRICS, STREET_METRICS, type Scorecard, type ScorecardKind } from '../../api/assessment';
import { useI18n } from '../../i18n';
import { formatMetric, formatScore } from './format';

/** A kind's scorecards: organisation, score (one decimal), rank, every metric with its numerator/denominator on hover. */
export function ScorecardTable({
  kind,
  cards,
  loading,
}: {
  kind: ScorecardKind;
  cards: Scorecard[];
  loading?: boolean;
}) {
  const { t, lang } = useI18n();
  const metrics = kind === 'street' ? STREET_METRICS : DEPARTMENT_METRICS;
  const columns: ColumnsType<Scorecard> = [
    { title: t('assessment.rank'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '—' },
    {
      title: t('assessment.org'),
      dataIndex: 'orgCode',
      fixed: 'left',
      width: 180,
      render: (_, c) => `${lang === 'en' && c.orgNameEn ? c.orgNameEn : c.orgName} (${c.orgCode})`,
    },
    {
      title: t('assessment.score'),
      dataIndex: 'score',
      width: 90,
      align: 'right',
      render: (s: number | null) => (
        <Typography.Text strong>{formatScore(s, t('assessment.noScore'))}</Typography.Text>
      ),
    },
    ...metrics.map((m) => ({
      title: <Tooltip title={t(`metricHelp.${m}`)}>{t(`metric.${m}`)}</Tooltip>,
      key: m,
      align: 'right' as const,
      render: (_: unknown, c: Scorecard) => {
        const v = c.metrics[m];
        return (
          <Tooltip
            title={
              v && v.denominator !== null
                ? t('assessment.fraction', { numerator: v.numerator ?? 0, denominator: v.denominator })
                : undefined
            }
          >
            <span data-metric={m}>{formatMetric(m, v?.value ?? null)}</span>
          </Tooltip>
        );
      },
    })),
  ];
  return (
    <div data-testid={`scorecards-${kind}`}>
      <Table<Scorecard>
        size="small"
        rowKey="orgCode"
        loading={loading}
        dataSource={cards}
        columns={columns}
        scroll={{ x: 1100 }}
        pagination={false}
      />
    </div>
  );
}
