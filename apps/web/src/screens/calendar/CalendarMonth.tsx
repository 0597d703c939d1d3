import { useQuery } from '@tanstack/react-query';
import { Badge, Calendar, Card, Space, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { CalendarOverride } from '../../api';
import { everydayQueries } from '../../api/everyday';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { inBeijing } from '../../i18n/beijing';

/** What a day is, as the month view marks it. */
type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

/**
 * The work calendar a month at a time: statutory holidays on weekdays (休), weekend days worked in
 * exchange (班), and the local overrides (with their note), from the same calendar the deadlines use
 * (GET /api/calendar/workdays). Picking a day fills the override form below (`onPick`).
 */
export function CalendarMonth({
  overrides,
  onPick,
}: {
  overrides: CalendarOverride[];
  onPick: (d: Dayjs) => void;
}) {
  const { t } = useI18n();
  const [month, setMonth] = useState(() => inBeijing().startOf('month'));
  // The six weeks the month grid shows, so the days before and after are marked too.
  const from = month.startOf('month').startOf('week').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').endOf('week').add(14, 'day').format('YYYY-MM-DD');
  const days = useQuery(everydayQueries.workdays(from, to));
  // An override saved or removed below changes the days: ask again (the list of overrides is the signal).
  const overridesKey = JSON.stringify(overrides);
  const { refetch } = days;
  useEffect(() => {
    void refetch();
  }, [overridesKey, refetch]);
  const byDate = new Map(days.data?.days.map((d) => [d.date, d]) ?? []);
  const notes = new Map(overrides.map((o) => [o.date, o.note]));

  const kindOf = (d: Dayjs): DayKind | null => {
    const day = byDate.get(d.format('YYYY-MM-DD'));
    if (!day) return null;
    const weekend = d.day() === 0 || d.day() === 6;
    if (day.workday) return weekend ? 'makeup' : 'workday';
    return weekend ? 'weekend' : 'holiday';
  };

  return (
    <Card size="small" title={t('calendar.month')} style={{ marginBottom: 16 }} data-testid="calendar-month">
      {days.error && <QueryError error={days.error} onRetry={() => void days.refetch()} />}
      <Space wrap style={{ marginBottom: 8 }}>
        <Badge color="#cf1322" text={t('calendar.kind.holiday')} />
        <Badge color="#1677ff" text={t('calendar.kind.makeup')} />
        <Badge color="#faad14" text={t('calendar.kind.override')} />
      </Space>
      <Calendar
        value={month}
        onPanelChange={(d) => setMonth(d.startOf('month'))}
        onSelect={(d, info) => {
          if (info.source === 'date') onPick(d);
          else setMonth(d.startOf('month'));
        }}
        fullCellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const date = d.format('YYYY-MM-DD');
          const kind = kindOf(d);
          const day = byDate.get(date);
          const note = notes.get(date);
          const mark =
            kind === 'holiday' ? t('calendar.mark.rest') : kind === 'makeup' ? t('calendar.mark.work') : '';
          return (
            <Tooltip title={note}>
              <div
                className="ant-picker-cell-inner ant-picker-calendar-date"
                data-date={date}
                data-kind={kind ?? ''}
                data-override={day?.override ? 'true' : 'false'}
                style={{
                  background: day?.override
                    ? '#fffbe6'
                    : kind === 'holiday' || kind === 'weekend'
                      ? '#fafafa'
                      : undefined,
                  opacity: d.month() === month.month() ? 1 : 0.45,
                }}
              >
                <div className="ant-picker-calendar-date-value">
                  {d.date()}{' '}
                  {mark && (
                    <span style={{ color: kind === 'holiday' ? '#cf1322' : '#1677ff', fontWeight: 600 }}>
                      {mark}
                    </span>
                  )}
                </div>
                <div className="ant-picker-calendar-date-content" style={{ fontSize: 12, color: '#ad6800' }}>
                  {note}
                </div>
              </div>
            </Tooltip>
          );
        }}
      />
    </Card>
  );
}
