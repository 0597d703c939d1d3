import dayjs, { type ConfigType, type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Beijing time (China Standard Time), UTC+8: deadlines are working days of the PRC calendar, so the
 * app shows every time on Beijing's clock wherever the browser is. A fixed offset rather than the
 * IANA zone: China has kept +08:00 all year since 1991 (no date the API accepts is older than 2000),
 * and dayjs' timezone plugin converts through `Intl` on each call, which cost a page load ~35 ms.
 */
export const BEIJING_UTC_OFFSET_MINUTES = 8 * 60;

/** The instant `at` (now when absent) on Beijing's clock. */
export function inBeijing(at?: ConfigType): Dayjs {
  return dayjs(at).utcOffset(BEIJING_UTC_OFFSET_MINUTES);
}
