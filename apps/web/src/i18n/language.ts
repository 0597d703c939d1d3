/**
 * The chosen language, outside React and without the UI kit: the sign-in screen (src/login) and
 * the API client read it before the app itself has loaded.
 */
export type Language = 'zh-CN' | 'en';

const STORAGE_KEY = 'dutygate.lang';

/** The language saved in this browser, Chinese when none is. */
export function currentLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

/** Saves the choice for the next visit and tells the page (screen readers, fonts). */
export function saveLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export type Params = Record<string, string | number>;

/** A text with its `{name}` placeholders filled in. */
export function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
