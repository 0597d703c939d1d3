import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Organisation } from '../api';
import { queries } from '../api/queries';
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
  /** The directory could not be loaded (names then show as codes): the layout says so, with a retry. */
  error: Error | null;
  retry: () => unknown;
}

const NONE: Organisation[] = [];

/**
 * Organisation names for codes, read once per session (one cached query shared by every screen):
 * every screen shows codes with names.
 */
export function useOrgs(): OrgDirectory {
  const { lang } = useI18n();
  const { data: orgs = NONE, error, refetch } = useQuery(queries.orgs());
  return useMemo<OrgDirectory>(() => {
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
      error,
      retry: refetch,
    };
  }, [orgs, lang, error, refetch]);
}
