import { parsePeriod, periodOf, type PeriodKind } from '@app/domain/period/period';

/**
 * The periods offered in the picker, newest first: the current one (Asia/Shanghai) and the ones
 * before it — twelve months or six quarters — plus any already computed (older ones stay reachable).
 */
export function recentPeriods(kind: PeriodKind, now: Date, computed: string[] = []): string[] {
  const count = kind === 'month' ? 12 : 6;
  const out: string[] = [];
  let p = periodOf(now, kind);
  for (let i = 0; i < count; i++) {
    out.push(p.code);
    p = periodOf(new Date(p.start.getTime() - 1), kind);
  }
  for (const c of computed) if (parsePeriod(c)?.kind === kind && !out.includes(c)) out.push(c);
  return out.sort((a, b) => parsePeriod(b)!.start.getTime() - parsePeriod(a)!.start.getTime());
}
