import { useQuery } from '@tanstack/react-query';
import { Tag, Tooltip } from 'antd';
import { everydayQueries } from '../api/everyday';
import type { OpenDeadline } from '../api';
import { useI18n } from '../i18n';
import { inBeijing } from '../i18n/beijing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far ahead the countdown knows the working days (the API serves at most 400 days a request). */
const HORIZON_DAYS = 180;
/** Yellow once less than this share of the window is left (the API's `dueSoon` uses the same quarter). */
const SOON_SHARE = 0.25;

/** The working days of the next HORIZON_DAYS (Beijing dates), one request for every countdown on screen. */
function useWorkdays(): Set<string> | null {
  const today = inBeijing().format('YYYY-MM-DD');
  const to = inBeijing().add(HORIZON_DAYS, 'day').format('YYYY-MM-DD');
  const q = useQuery(everydayQueries.workdays(today, to));
  return q.data ? new Set(q.data.days.filter((d) => d.workday).map((d) => d.date)) : null;
}

/** Whole days past due now (a day begun counts), as the supervision board and its export show them. */
export const daysOverdue = (dueAt: string): number =>
  Math.max(1, Math.ceil((Date.now() - Date.parse(dueAt)) / DAY));

export type CountdownTone = 'normal' | 'soon' | 'overdue';

/** Where a clock stands at `now`: time left (or overdue) and its colour, from the window's quarter. */
export function countdownOf(d: Pick<OpenDeadline, 'startsAt' | 'dueAt'>, now: number) {
  const due = Date.parse(d.dueAt);
  const window = due - Date.parse(d.startsAt);
  const left = due - now;
  const tone: CountdownTone =
    left < 0 ? 'overdue' : window > 0 && left < window * SOON_SHARE ? 'soon' : 'normal';
  return { left, tone };
}

/**
 * The time left on an open item: working days (hours under a day), yellow in the last quarter of
 * its window, red with the days overdue once past due. Without the calendar yet, calendar days.
 */
export function Countdown({ deadline }: { deadline: OpenDeadline | null }) {
  const { t, time, label } = useI18n();
  const workdays = useWorkdays();
  if (!deadline) return <span>—</span>;
  const { left, tone } = countdownOf(deadline, Date.now());
  let text: string;
  if (tone === 'overdue') text = t('countdown.overdue', { n: daysOverdue(deadline.dueAt) });
  else if (left < DAY) text = t('countdown.hours', { n: Math.max(1, Math.floor(left / HOUR)) });
  else {
    const dueDate = inBeijing(deadline.dueAt).format('YYYY-MM-DD');
    const n = workdays ? workingDaysUntil(workdays, dueDate) : null;
    text = n === null ? t('countdown.days', { n: Math.ceil(left / DAY) }) : t('countdown.workdays', { n });
  }
  return (
    <Tooltip title={`${label('deadlineKind', deadline.kind)} · ${time(deadline.dueAt)}`}>
      <Tag
        color={tone === 'overdue' ? 'red' : tone === 'soon' ? 'gold' : 'default'}
        data-testid="countdown"
        data-tone={tone}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

/** Working days after today up to and including `dueDate`; null beyond the calendar the screen has. */
function workingDaysUntil(workdays: Set<string>, dueDate: string): number | null {
  let day = inBeijing().add(1, 'day');
  const last = inBeijing().add(HORIZON_DAYS, 'day').format('YYYY-MM-DD');
  if (dueDate > last) return null;
  let n = 0;
  for (let d = day.format('YYYY-MM-DD'); d <= dueDate; day = day.add(1, 'day'), d = day.format('YYYY-MM-DD'))
    if (workdays.has(d)) n++;
  return n;
}
