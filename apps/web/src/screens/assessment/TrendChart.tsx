import { useQuery } from '@tanstack/react-query';
import { Empty } from 'antd';
import { assessmentQueries } from '../../api/assessment';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { Chart } from '../../components/Chart';
import { echarts } from './echarts';
import { useOrgs } from '../../shell/orgs';

/** The violation index (属地泛化指数) of every department across the computed periods of one kind. */
export function TrendChart({ periodKind }: { periodKind: 'month' | 'quarter' }) {
  const { t } = useI18n();
  const orgs = useOrgs();
  const trend = useQuery(assessmentQueries.trend({ metric: 'violationRate', periodKind }));
  if (trend.error) return <QueryError error={trend.error} onRetry={trend.refetch} />;
  const series = trend.data?.series ?? [];
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort();
  if (!trend.isLoading && periods.length === 0) return <Empty description={t('assessment.trendEmpty')} />;
  return (
    <div data-testid="trend-chart">
      <Chart
        echarts={echarts}
        style={{ height: 360 }}
        showLoading={trend.isLoading}
        notMerge
        option={{
          tooltip: {
            trigger: 'axis',
            valueFormatter: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`),
          },
          legend: { type: 'scroll', bottom: 0 },
          grid: { left: 56, right: 16, top: 24, bottom: 48 },
          xAxis: { type: 'category', data: periods },
          yAxis: {
            type: 'value',
            min: 0,
            axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
          },
          series: series.map((s) => ({
            type: 'line',
            name: orgs.shortName(s.orgCode, s.orgCode),
            connectNulls: true,
            data: periods.map((p) => s.points.find((x) => x.period === p)?.value ?? null),
          })),
        }}
      />
    </div>
  );
}
