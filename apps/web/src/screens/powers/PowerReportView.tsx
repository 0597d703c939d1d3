import { useQuery } from '@tanstack/react-query';
import { Alert, Segmented, Select, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo, useState } from 'react';
import { powerQueries, type DelegatedPowerReport } from '../../api/powers';
import { QueryError } from '../../components/QueryError';
import { useI18n, type MessageKey } from '../../i18n';
import { inBeijing } from '../../i18n/beijing';
import { useOrgs } from '../../shell/orgs';
import { Chart } from '../../components/Chart';

// Only what the chart uses goes into the bundle (echarts/core instead of the whole library).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Row = DelegatedPowerReport['rows'][number];
const MEASURES = ['persuasion', 'rectificationNotice', 'penalty', 'transferred'] as const;
const MEASURE_KEY: Record<(typeof MEASURES)[number], MessageKey> = {
  persuasion: 'measure.persuasion',
  rectificationNotice: 'measure.rectification_notice',
  penalty: 'measure.penalty',
  transferred: 'measure.transferred',
};
/** Soft measures in greens, the penalty in the app's red, a transfer in grey. */
const COLORS = ['#95de64', '#52c41a', '#b4232a', '#8c8c8c'];

/** Periods one can ask for: the quarters and months of the last two years, newest first (Beijing). */
export function recentPeriods(kind: 'month' | 'quarter'): string[] {
  const now = inBeijing();
  if (kind === 'month')
    return Array.from({ length: 24 }, (_, i) => now.subtract(i, 'month').format('YYYY-MM'));
  return Array.from({ length: 8 }, (_, i) => {
    const d = now.subtract(i * 3, 'month');
    return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  });
}

/** A month or quarter, chosen among the recent ones (the current quarter first). */
export function PeriodPicker({ value, onChange }: { value: string; onChange: (p: string) => void }) {
  const { t } = useI18n();
  const kind = value.includes('Q') ? 'quarter' : 'month';
  return (
    <Space>
      <Segmented
        value={kind}
        onChange={(k) => onChange(recentPeriods(k as 'month' | 'quarter')[0])}
        options={[
          { value: 'quarter', label: t('powers.report.periodKind.quarter') },
          { value: 'month', label: t('powers.report.periodKind.month') },
        ]}
      />
      <Select
        style={{ width: 120 }}
        value={value}
        onChange={onChange}
        aria-label={t('powers.report.period')}
        data-testid="period-select"
        options={recentPeriods(kind).map((p) => ({ value: p, label: p }))}
      />
    </Space>
  );
}

/**
 * The delegated-powers report of a period: a summary, a stacked bar per power (cases by measure,
 * with the number of dormant streets as a line) and the table per power and street. A street's
 * report holds its own rows only (the API scopes it).
 */
export function PowerReportView({ period, districtCode }: { period: string; districtCode?: string }) {
  const { t, lang } = useI18n();
  const orgs = useOrgs();
  const report = useQuery(powerQueries.report({ period, districtCode }));
  const [onlyActive, setOnlyActive] = useState(false);

  const perPower = useMemo(() => {
    const by = new Map<string, { code: string; name: string; counts: number[]; dormant: number }>();
    for (const r of report.data?.rows ?? []) {
      const p = by.get(r.powerCode) ?? {
        code: r.powerCode,
        name: r.powerName,
        counts: [0, 0, 0, 0],
        dormant: 0,
      };
      MEASURES.forEach((m, i) => (p.counts[i] += r[m]));
      if (r.dormant) p.dormant++;
      by.set(r.powerCode, p);
    }
    return [...by.values()];
  }, [report.data]);

  if (report.error) return <QueryError error={report.error} onRetry={report.refetch} />;
  if (!report.data) return <Spin data-testid="report-loading" />;
  const data = report.data;
  if (data.rows.length === 0) return <Alert type="info" showIcon message={t('powers.report.empty')} />;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
  const rows = onlyActive ? data.rows.filter((r) => r.total > 0) : data.rows;

  const option = {
    color: COLORS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 80 },
    xAxis: {
      type: 'category',
      data: perPower.map((p) => p.code),
      axisLabel: { rotate: 45, interval: 0 },
    },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', minInterval: 1, name: t('powers.report.dormantSeries'), position: 'right' },
    ],
    series: [
      ...MEASURES.map((m, i) => ({
        name: t(MEASURE_KEY[m]),
        type: 'bar',
        stack: 'measures',
        data: perPower.map((p) => p.counts[i]),
      })),
      {
        name: t('powers.report.dormantSeries'),
        type: 'line',
        yAxisIndex: 1,
        color: '#faad14',
        data: perPower.map((p) => p.dormant),
      },
    ],
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text data-testid="report-summary">
        {data.period} ·{' '}
        {t('powers.report.summary', {
          total: data.totals.total,
          penalty: data.totals.penalty,
          soft: pct(data.totals.softShare),
          held: data.totals.heldPairs,
          dormant: data.totals.dormantPairs,
        })}
      </Typography.Text>
      <div data-testid="powers-chart">
        <Typography.Text strong>{t('powers.report.chart')}</Typography.Text>
        <Chart echarts={echarts} option={option} notMerge style={{ height: 360 }} key={lang} />
      </div>
      <Space>
        <Switch size="small" checked={onlyActive} onChange={setOnlyActive} />
        <Typography.Text>{t('powers.report.onlyActive')}</Typography.Text>
      </Space>
      <Table<Row>
        size="small"
        rowKey={(r) => `${r.powerCode}|${r.streetCode}`}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        data-testid="report-table"
        columns={[
          {
            title: t('powers.report.power'),
            dataIndex: 'powerCode',
            render: (c: string, r) => (
              <Tooltip title={r.powerName}>
                <Typography.Text>{c}</Typography.Text>
              </Tooltip>
            ),
          },
          { title: t('powers.report.street'), dataIndex: 'streetCode', render: (c: string) => orgs.name(c) },
          ...MEASURES.map((m) => ({ title: t(MEASURE_KEY[m]), dataIndex: m, align: 'right' as const })),
          { title: t('powers.report.total'), dataIndex: 'total', align: 'right' },
          {
            title: t('powers.report.softShare'),
            dataIndex: 'softShare',
            align: 'right',
            render: (v: number | null) => pct(v),
          },
          { title: t('powers.report.amount'), dataIndex: 'penaltyAmountYuan', align: 'right' },
          {
            title: t('powers.report.dormant'),
            render: (_, r) =>
              !r.held ? (
                <Tag>{t('powers.report.notHeld')}</Tag>
              ) : r.dormant ? (
                <Tooltip title={t('powers.report.dormantHint')}>
                  <Tag color="orange">{t('powers.report.dormant')}</Tag>
                </Tooltip>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
