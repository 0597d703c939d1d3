import { applyDecorators } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { dateProblem, dateTimeProblem, DEFAULT_DATE_WINDOW, type DateWindow } from '@app/domain';

/**
 * The window every date the API accepts must fall in (DATE_MIN..DATE_MAX). Decorators are read
 * when the DTO classes load, before configuration exists, so the window is set once at boot
 * (AppModule's DATE_WINDOW provider) and read at validation time.
 */
let window: DateWindow = DEFAULT_DATE_WINDOW;

export function useDateWindow(w: DateWindow): DateWindow {
  window = { ...w };
  return window;
}

export const dateWindow = (): DateWindow => window;

type Check = (value: unknown, w: DateWindow) => string | null;

/**
 * Two constraints from one domain check: the format (`bad_date`/`bad_date_time`) and the window
 * (`date_out_of_range`), so a detail says which one failed; the validation pipe fills in the
 * window's bounds for the message.
 */
function bounded(check: Check, formatReason: string, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: formatReason,
        validator: {
          validate: (v) => check(v, window) !== formatReason,
          defaultMessage: () => `$property is not a valid ${formatReason === 'bad_date' ? 'date' : 'time'}`,
        },
      },
      options,
    ),
    ValidateBy(
      {
        name: 'date_out_of_range',
        validator: {
          validate: (v) => check(v, window) !== 'date_out_of_range',
          defaultMessage: () => `$property must fall between ${window.min} and ${window.max}`,
        },
      },
      options,
    ),
  );
}

/** A YYYY-MM-DD calendar date that exists and lies within DATE_MIN..DATE_MAX. */
export const IsBoundedDate = (options?: ValidationOptions) => bounded(dateProblem, 'bad_date', options);

/** An ISO-8601 time with its offset that falls on a Beijing day within DATE_MIN..DATE_MAX. */
export const IsBoundedDateTime = (options?: ValidationOptions) =>
  bounded(dateTimeProblem, 'bad_date_time', options);
