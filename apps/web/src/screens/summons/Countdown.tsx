import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';

/** `1:05:09` or `12:03`: what is left (or how long past) of a report-by window. */
function span(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = h > 0 || d > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

/** A report-by countdown that ticks every second; past due it counts how late, in red. */
export function Countdown({ until }: { until: string }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(until) - now;
  return left > 0 ? (
    <Tag color={left < 10 * 60_000 ? 'orange' : 'blue'} data-testid="countdown">
      {t('summons.left', { time: span(left) })}
    </Tag>
  ) : (
    <Tag color="red" data-testid="countdown">
      {t('summons.late', { time: span(left) })}
    </Tag>
  );
}
