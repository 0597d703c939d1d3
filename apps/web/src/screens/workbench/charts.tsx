import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DecisionsInMonthView, OverdueByOrgView } from './types';
import { Chart } from '../../components/Chart';

// Only the parts the workbench draws go into its chunk (echarts' full build is ~1 MB).
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const HEIGHT = 280;

/** Open deadlines past due by the organisation that must act: horizontal bars, largest on top. */
export function OverdueByOrgChart({
  rows,
  name,
}: {
  rows: OverdueByOrgView[];
  name: (code: string) => string;
}) {
  const sorted = [...rows].reverse();
  return (
    <Chart
      echarts={echarts}
      style={{ height: HEIGHT }}
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: sorted.map((r) => name(r.orgCode)) },
        series: [{ type: 'bar', data: sorted.map((r) => r.count), itemStyle: { color: '#cf1322' } }],
      }}
    />
  );
}

/** Decisions per month, stacked by outcome. */
export function DecisionsChart({
  rows,
  outcomeName,
}: {
  rows: DecisionsInMonthView[];
  outcomeName: (o: string) => string;
}) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const outcomes = [...new Set(rows.map((r) => r.outcome))];
  return (
    <Chart
      echarts={echarts}
      style={{ height: HEIGHT }}
      option={{
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        series: outcomes.map((o) => ({
          name: outcomeName(o),
          type: 'bar',
          stack: 'decisions',
          data: months.map((m) => rows.find((r) => r.month === m && r.outcome === o)?.count ?? 0),
        })),
      }}
    />
  );
}
