import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo, useState } from 'react';
import { downloadFile, type StaffingReport, type StaffingStreet } from '../../api';
import { queries } from '../../api/queries';
import { useShowError } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { Chart } from '../../components/Chart';

// Only what the chart uses goes into the bundle (echarts/core instead of the whole library).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FLAG_COLOR: Record<string, string> = {
  over_establishment: 'red',
  understaffed: 'orange',
  overstaffed: 'purple',
  big_change: 'blue',
};

interface Filter {
  districtCode?: string;
  period?: string;
  floor?: number;
}

/**
 * 编办: the staffing report per district (DESIGN.md "Staffing"): authorised posts, actual staff and
 * the proposal against population and workload as a chart, the table with the flags, and exports.
 */
export function StaffingPage() {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  const showError = useShowError();
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const report = useQuery(queries.staffing(filter));
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);

  const districts = useMemo(() => {
    const seen = new Map<string, string>();
    for (const o of orgs.orgs)
      if (o.kind === 'street' && o.districtCode) seen.set(o.districtCode, o.districtName ?? o.districtCode);
    return [...seen].sort(([a], [b]) => a.localeCompare(b));
  }, [orgs.orgs]);

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    try {
      await downloadFile('/api/reports/staffing', { ...filter, format }, `staffing.${format}`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('staffing.title')}
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting === 'xlsx'}
              onClick={() => void exportAs('xlsx')}
              disabled={!report.data}
            >
              {t('staffing.export.xlsx')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting === 'csv'}
              onClick={() => void exportAs('csv')}
              disabled={!report.data}
            >
              {t('staffing.export.csv')}
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('staffing.allDistricts')}
            value={draft.districtCode}
            onChange={(v) => setDraft({ ...draft, districtCode: v })}
            options={districts.map(([code, name]) => ({ value: code, label: `${name} (${code})` }))}
            data-testid="staffing-district"
          />
          <Input
            allowClear
            style={{ width: 200 }}
            addonBefore={t('staffing.period')}
            placeholder={t('staffing.period.placeholder')}
            value={draft.period}
            onChange={(e) => setDraft({ ...draft, period: e.target.value || undefined })}
          />
          <InputNumber
            min={0}
            max={1000}
            addonBefore={t('staffing.floor')}
            placeholder="40"
            value={draft.floor}
            onChange={(v) => setDraft({ ...draft, floor: v ?? undefined })}
          />
          <Button type="primary" onClick={() => setFilter({ ...draft })} data-testid="staffing-apply">
            {t('staffing.apply')}
          </Button>
        </Space>
        {report.error ? (
          <QueryError error={report.error} onRetry={report.refetch} />
        ) : !report.data ? (
          <Spin />
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('staffing.totals', {
                authorised: report.data.totals.authorisedPosts,
                proposed: report.data.totals.proposedPosts,
                actual: report.data.totals.actualStaff,
                median: report.data.totals.medianPostsPer10k ?? '—',
              })}
              description={t('staffing.method', {
                floor: report.data.floor,
                population: report.data.weights.population,
                workload: report.data.weights.workload,
                area: report.data.weights.area,
                from: time(report.data.from),
                to: report.data.period
                  ? time(report.data.to)
                  : `${time(report.data.to)} (${t('staffing.period.default')})`,
              })}
            />
            <StaffingChart report={report.data} name={(c) => orgs.shortName(c, c)} />
          </>
        )}
      </Card>
      {report.data ? (
        <Card>
          <Table<StaffingStreet>
            size="small"
            rowKey="streetCode"
            dataSource={report.data.streets}
            pagination={false}
            scroll={{ x: 1200 }}
            data-testid="staffing-table"
            columns={[
              {
                title: t('staffing.street'),
                dataIndex: 'streetCode',
                fixed: 'left',
                render: (c: string, s) => `${s.streetName} (${c})`,
              },
              { title: t('staffing.district'), dataIndex: 'districtName' },
              { title: t('staffing.population'), dataIndex: 'populationWan', align: 'right' },
              { title: t('staffing.area'), dataIndex: 'areaKm2', align: 'right' },
              { title: t('staffing.authorised'), dataIndex: 'authorisedPosts', align: 'right' },
              {
                title: t('staffing.actual'),
                dataIndex: 'actualStaff',
                align: 'right',
                render: (v: number | null) => v ?? '—',
              },
              { title: t('staffing.workload'), dataIndex: 'workload', align: 'right' },
              {
                title: t('staffing.workloadPerPost'),
                dataIndex: 'workloadPerPost',
                align: 'right',
                render: (v: number | null) => v ?? '—',
              },
              {
                title: t('staffing.postsPer10k'),
                dataIndex: 'postsPer10k',
                align: 'right',
                render: (v: number | null) => v ?? '—',
              },
              {
                title: t('staffing.proposed'),
                dataIndex: 'proposedPosts',
                align: 'right',
                render: (v: number) => <strong>{v}</strong>,
              },
              {
                title: t('staffing.change'),
                dataIndex: 'change',
                align: 'right',
                render: (v: number) => (
                  <Typography.Text type={v < 0 ? 'danger' : v > 0 ? 'success' : undefined}>
                    {v > 0 ? `+${v}` : v}
                  </Typography.Text>
                ),
              },
              {
                title: t('staffing.flags'),
                dataIndex: 'flags',
                render: (flags: string[]) => (
                  <Space size={[0, 4]} wrap>
                    {flags.map((f) => (
                      <Tag key={f} color={FLAG_COLOR[f]}>
                        {label('staffingFlag', f)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

/** Posts as bars (authorised, actual, proposed), population and workload as lines on their own axes. */
function StaffingChart({ report, name }: { report: StaffingReport; name: (code: string) => string }) {
  const { t } = useI18n();
  const s = report.streets;
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 110, top: 40, bottom: 80 },
    xAxis: {
      type: 'category',
      data: s.map((x) => name(x.streetCode)),
      axisLabel: { rotate: 45, interval: 0 },
    },
    yAxis: [
      { type: 'value', name: t('staffing.authorised') },
      { type: 'value', name: t('staffing.population'), position: 'right', splitLine: { show: false } },
      {
        type: 'value',
        name: t('staffing.workload'),
        position: 'right',
        offset: 56,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: t('staffing.authorised'),
        type: 'bar',
        data: s.map((x) => x.authorisedPosts),
        itemStyle: { color: '#8c8c8c' },
      },
      {
        name: t('staffing.actual'),
        type: 'bar',
        data: s.map((x) => x.actualStaff),
        itemStyle: { color: '#faad14' },
      },
      {
        name: t('staffing.proposed'),
        type: 'bar',
        data: s.map((x) => x.proposedPosts),
        itemStyle: { color: '#b4232a' },
      },
      {
        name: t('staffing.population'),
        type: 'line',
        yAxisIndex: 1,
        data: s.map((x) => x.populationWan),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: t('staffing.workload'),
        type: 'line',
        yAxisIndex: 2,
        data: s.map((x) => x.workload),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
  return (
    <div data-testid="staffing-chart">
      <Typography.Text strong>{t('staffing.chart')}</Typography.Text>
      <Chart echarts={echarts} option={option} style={{ height: 420 }} notMerge />
    </div>
  );
}
