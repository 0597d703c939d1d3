import { ConfigProvider } from 'antd';
import 'antd/dist/antd.css';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useReducedMotion } from '../components/useReducedMotion';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';
import { inBeijing } from './beijing';
import { currentLanguage, fill, saveLanguage, type Language, type Params } from './language';

export type { Language, MessageKey };
export { currentLanguage };

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  /** The text of a key, with `{name}` placeholders filled in. */
  t: (key: MessageKey, params?: Params) => string;
  /** The label of an API value (`state`, `outcome`, …), or the value itself when the dictionary has none. */
  label: (group: string, value: string | null | undefined) => string;
  /** A time from the API in Beijing time, e.g. 2026-11-30 16:00. */
  time: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(currentLanguage);
  const setLang = useCallback((l: Language) => {
    saveLanguage(l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang];
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    return {
      lang,
      setLang,
      t: (key, params) => fill(dict[key], params),
      label: (group, v) => {
        if (v === null || v === undefined || v === '') return '—';
        return (dict as Record<string, string>)[`${group}.${v}`] ?? v;
      },
      time: (iso) => (iso ? inBeijing(iso).format('YYYY-MM-DD HH:mm') : '—'),
    };
  }, [lang, setLang]);
  // The system's "reduce motion" setting switches antd's animations off.
  const reducedMotion = useReducedMotion();
  // zeroRuntime: the components' styles come from antd's prebuilt style sheet (imported above; the
  // build puts it beside the app's code, cached with it), not generated in the page on every load.
  // The theme's tokens still apply: the sheet reads them from CSS variables, which ConfigProvider sets.
  const theme = useMemo(
    () => ({ zeroRuntime: true, token: { colorPrimary: '#b4232a', motion: !reducedMotion } }),
    [reducedMotion],
  );
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCNLocale} theme={theme}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
