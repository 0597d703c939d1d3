import { DomainError, instantInWindow } from '@app/domain';
import type { CalendarService } from '../calendar/calendar.service';

/**
 * The completion due date an extension leads to. It must stay within DATE_MAX like any date the
 * API accepts: otherwise extension after extension would creep towards the calendar's end. The
 * street's request is refused as invalid input; the department's approval, when the window was
 * narrowed since the request, as a date out of range.
 */
export async function extendedDue(
  calendars: CalendarService,
  dueAt: Date,
  workingDays: number,
  code: 'VALIDATION_FAILED' | 'DATE_OUT_OF_RANGE',
): Promise<Date> {
  const due = (await calendars.current()).addWorkingDays(dueAt, workingDays);
  const window = calendars.window;
  if (!instantInWindow(due, window))
    throw new DomainError(code, [
      { field: 'workingDays', reason: 'due_beyond_window', params: { ...window } },
    ]);
  return due;
}
