import type { Condition, FactTest } from '../api';
import { useI18n } from '../i18n';

/** The label group of a fact's values (`action.enforcement`, `mode.DEPT_ONLY` …). */
export const VALUE_GROUP: Record<string, string> = {
  matterMode: 'mode',
  actionType: 'action',
  enforcementSubject: 'subject',
  streetEnforcementPower: 'power',
};

/**
 * A routing rule's condition in the user's language (事项责任模式 为 部门专属 …), so that nobody
 * has to read the JSON tree to know what a rule does. Unknown shapes read as "malformed".
 */
export function useConditionText() {
  const { t, label } = useI18n();
  const value = (fact: string, v: unknown): string =>
    typeof v === 'boolean' || v === null
      ? t(`value.${String(v)}` as 'value.true')
      : VALUE_GROUP[fact]
        ? label(VALUE_GROUP[fact], String(v))
        : String(v);
  const text = (c: Condition | undefined): string => {
    if (!c || typeof c !== 'object') return t('rules.badCondition');
    if ('always' in c) return t('rules.always');
    if ('all' in c) return `${t('rules.all')}${c.all.map(text).join(';')}`;
    if ('any' in c) return `${t('rules.any')}${c.any.map(text).join(';')}`;
    if ('not' in c) return `${t('rules.not')}${text(c.not)}`;
    const f = c as FactTest;
    const fact = label('fact', f.fact);
    if ('in' in f && Array.isArray(f.in))
      return t('rules.in', { fact, values: f.in.map((v) => value(f.fact, v)).join('、') });
    if ('eq' in f) return t('rules.eq', { fact, value: value(f.fact, f.eq) });
    return t('rules.badCondition');
  };
  return text;
}
