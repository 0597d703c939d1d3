import { loginEn } from '../i18n/login.en';
import { loginZhCN } from '../i18n/login.zh-CN';
import type { Language } from '../i18n/language';

export type LoginText = keyof typeof loginZhCN;

const TEXTS: Record<Language, Record<LoginText, string>> = { 'zh-CN': loginZhCN, en: loginEn };

/** The sign-in screen's texts in `lang` (the app's full dictionaries hold the same entries). */
export const loginTexts = (lang: Language) => (key: LoginText) => TEXTS[lang][key];
