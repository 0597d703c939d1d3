import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { ComponentProps } from 'react';
import { useReducedMotion } from './useReducedMotion';

type ChartProps = ComponentProps<typeof ReactEChartsCore>;

/**
 * An ECharts chart (echarts-for-react with the screen's own ECharts build) that draws without its
 * load and update animations while the system asks for reduced motion, as the rest of the app
 * does (useReducedMotion). The wrapper's `data-animation` says which, for the browser tests.
 */
export function Chart(props: ChartProps) {
  const reduced = useReducedMotion();
  return (
    <div data-animation={reduced ? 'off' : 'on'}>
      <ReactEChartsCore {...props} option={{ ...props.option, animation: !reduced }} />
    </div>
  );
}
