import type { Scorecard } from '../../api/assessment';
import { useI18n } from '../../i18n';
import { Chart } from '../../components/Chart';
import { echarts } from './echarts';

/** Scores of one kind as bars, best first (organisations without a score left out). */
export function ScoreChart({ cards, testId }: { cards: Scorecard[]; testId: string }) {
  const { t, lang } = useI18n();
  const scored = cards.filter((c) => c.score !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const name = (c: Scorecard) => (lang === 'en' && c.orgNameEn ? c.orgNameEn : c.orgName);
  return (
    <div data-testid={testId}>
      <Chart
        echarts={echarts}
        style={{ height: 320 }}
        notMerge
        option={{
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => v.toFixed(1) },
          grid: { left: 48, right: 16, top: 32, bottom: 96 },
          xAxis: {
            type: 'category',
            data: scored.map(name),
            axisLabel: { rotate: 45, interval: 0, fontSize: 11 },
          },
          yAxis: { type: 'value', min: 0, max: 100, name: t('assessment.score') },
          series: [
            {
              type: 'bar',
              data: scored.map((c) => Number(c.score!.toFixed(1))),
              itemStyle: { color: '#b4232a' },
              label: { show: scored.length <= 25, position: 'top', fontSize: 10 },
            },
          ],
        }}
      />
    </div>
  );
}
