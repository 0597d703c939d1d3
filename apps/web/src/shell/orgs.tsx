import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Organisation } from '../api';
import { useI18n } from '../i18n';

export interface District {
  code: string;
  name: string;
}

export interface OrgDirectory {
  orgs: Organisation[];
  streets: Organisation[];
  districts: District[];
  /** `东关街道 (D1-S01)`, or the bare code when the organisation is unknown. */
  name: (code: string | null | undefined) => string;
  /** The name alone in the chosen language, or `fallback` when the organisation is unknown. */
  shortName: (code: string, fallback: string) => string;
}

const OrgsContext = createContext<OrgDirectory | null>(null);

/** Organisation names for codes, loaded once per session: every screen shows codes with names. */
export function OrgsProvider({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  useEffect(() => {
    api
      .orgs()
      .then(setOrgs)
      .catch(() => setOrgs([]));
  }, []);
  const value = useMemo<OrgDirectory>(() => {
    const byCode = new Map(orgs.map((o) => [o.code, o]));
    const streets = orgs.filter((o) => o.kind === 'street');
    const districts = new Map<string, string>();
    for (const s of streets)
      if (s.districtCode) districts.set(s.districtCode, s.districtName ?? s.districtCode);
    return {
      orgs,
      streets,
      districts: [...districts].map(([code, name]) => ({ code, name })),
      name: (code) => {
        if (!code) return '—';
        const o = byCode.get(code);
        if (!o) return code;
        return `${lang === 'en' && o.nameEn ? o.nameEn : o.name} (${code})`;
      },
      shortName: (code, fallback) => {
        const o = byCode.get(code);
        return o ? (lang === 'en' && o.nameEn ? o.nameEn : o.name) : fallback;
      },
    };
  }, [orgs, lang]);
  return <OrgsContext.Provider value={value}>{children}</OrgsContext.Provider>;
}

export function useOrgs(): OrgDirectory {
  const ctx = useContext(OrgsContext);
  if (!ctx) throw new Error('useOrgs outside OrgsProvider');
  return ctx;
}
