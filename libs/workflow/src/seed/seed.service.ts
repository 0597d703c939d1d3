import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { AppConfig, DEFAULT_SEED_PASSWORD, projectPath } from '@app/config';
import { derivePowers, parseMatterRows, SYSTEM_ORG_CODE } from '@app/domain';
import {
  ListRepository,
  OrganisationRepository,
  ToleranceRepository,
  UserRepository,
  type OrganisationRow,
} from '@app/persistence';
import type { RoleName } from '../actor';
import { PasswordHasher } from '../auth/password-hasher';
import { defaultRules } from '../lists/default-rules';
import { ListsService } from '../lists/lists.service';

export const SEED_LIST_VERSION = '2025.1';
export const SEED_LIST_EFFECTIVE_FROM = '2025-03-01';

/** Authorities with a role of their own; every other department-file organisation submits tasks. */
const AUTHORITY_ROLES: Record<string, RoleName> = { WBB: 'reviewer', ZFB: 'supervisor' };

const readCsv = (name: string): Record<string, string>[] =>
  parse(readFileSync(projectPath('config', 'seed', name)), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  });
const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** The figures only a street has (district, population, posts), absent for every other organisation. */
const NO_STREET_FIGURES = {
  districtCode: null,
  districtName: null,
  populationWan: null,
  areaKm2: null,
  authorisedPosts: null,
  adminPosts: null,
  institutionalPosts: null,
  actualStaff: null,
};

/** The system administration (系统管理): the administrators' organisation, never a party to tasks. */
const SYSTEM_ORG: OrganisationRow = {
  code: SYSTEM_ORG_CODE,
  name: '系统管理',
  nameEn: 'System administration',
  kind: 'system',
  holdsPenaltyPower: false,
  ...NO_STREET_FIGURES,
};

/**
 * Delegated powers only some streets hold. The seed list's ZR-02 (unlawful land use) is delegated
 * for rural villagers building on farmland (its enforcement note), so only the streets with rural
 * land hold it: those streets.csv marks `is_agri_related` (6 of 35). Every other power derived
 * from the list is held by every street whose `holds_delegated_penalty_powers` is yes (all 35).
 */
const RURAL_POWER_MATTERS = new Set(['ZR-02']);

/**
 * Demo data: organisations, one user each plus `admin` (of the system administration SYS), and the
 * published list 2025.1 with the default rules. Idempotent: organisations are upserted, users and the list created only if missing.
 */
@Injectable()
export class SeedService {
  private readonly log = new Logger(SeedService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly lists: ListRepository,
    private readonly listsService: ListsService,
    private readonly config: AppConfig,
    private readonly tolerance: ToleranceRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async run(): Promise<{ organisations: number; usersCreated: number; listCreated: boolean }> {
    if (this.config.NODE_ENV === 'production' && this.config.SEED_PASSWORD === DEFAULT_SEED_PASSWORD)
      throw new Error(
        'refusing to seed demo users with the default password in production: set SEED_PASSWORD',
      );

    const organisations = this.organisations();
    await this.dataSource.transaction(async (tx) => {
      for (const o of organisations) await this.orgs.upsert(tx, o);
    });

    const existing = await this.users.usernames(this.dataSource.manager);
    const wanted = [
      ...organisations
        .filter((o) => o.kind !== 'system')
        .map((o) => ({
          username: o.code,
          orgCode: o.code,
          roles: [o.kind === 'street' ? 'street' : (AUTHORITY_ROLES[o.code] ?? 'department')],
        })),
      // The administrator belongs to the system administration: its own inbox, its own name in the audit trail.
      { username: 'admin', orgCode: SYSTEM_ORG_CODE, roles: ['admin'] },
    ].filter((u) => !existing.has(u.username));
    let usersCreated = 0;
    if (wanted.length) {
      const passwordHash = await this.passwords.hash(this.config.SEED_PASSWORD);
      for (const u of wanted)
        if (await this.users.insertIfMissing(this.dataSource.manager, { ...u, passwordHash })) usersCreated++;
    }

    let listCreated = false;
    if (!(await this.lists.findByVersion(this.dataSource.manager, SEED_LIST_VERSION))) {
      const rows = readCsv('responsibility_list.csv');
      const header = Object.keys(rows[0] ?? {});
      const departments = new Set(
        organisations.filter((o) => o.kind === 'department' || o.kind === 'authority').map((o) => o.code),
      );
      const { matters, problems } = parseMatterRows(header, rows, departments);
      if (problems.length) throw new Error(`seed list has bad rows: ${JSON.stringify(problems.slice(0, 5))}`);
      const rural = readCsv('streets.csv')
        .filter((s) => s.is_agri_related === 'yes')
        .map((s) => s.street_code);
      const powers = derivePowers(matters).map((p) =>
        RURAL_POWER_MATTERS.has(p.matterCode) ? { ...p, streetCodes: rural } : p,
      );
      const draft = await this.listsService.createDraft(
        null,
        SEED_LIST_VERSION,
        SEED_LIST_EFFECTIVE_FROM,
        matters,
        defaultRules(),
        powers,
      );
      await this.listsService.publish(null, draft.id);
      listCreated = true;
    }
    // The tolerance list (容错纠错清单) goes in only while the table is empty: supervisors edit it afterwards.
    const toleranceItems = await this.tolerance.seedItems(
      this.dataSource.manager,
      readCsv('tolerance_items.csv').map((r) => ({
        code: r.code,
        textZh: r.text_zh,
        textEn: r.text_en,
        tolerable: r.tolerable === 'true',
      })),
    );
    this.log.log(
      `seed: ${organisations.length} organisations, ${usersCreated} users created, list ${listCreated ? 'created' : 'present'}, ${toleranceItems} tolerance items`,
    );
    return { organisations: organisations.length, usersCreated, listCreated };
  }

  private organisations(): OrganisationRow[] {
    const departments = readCsv('departments.csv').map((d): OrganisationRow => ({
      code: d.code,
      name: d.name_zh,
      nameEn: d.name_en || null,
      kind: d.type === 'governance_body' ? 'authority' : 'department',
      holdsPenaltyPower: d.holds_admin_penalty_power === 'yes',
      ...NO_STREET_FIGURES,
    }));
    const streets = readCsv('streets.csv').map((s): OrganisationRow => ({
      code: s.street_code,
      name: s.street_name,
      nameEn: null,
      kind: 'street',
      districtCode: s.district_code,
      districtName: s.district_name,
      holdsPenaltyPower: s.holds_delegated_penalty_powers.startsWith('yes'),
      populationWan: num(s.population_wan),
      areaKm2: num(s.area_km2),
      authorisedPosts: num(s.authorized_posts_total),
      adminPosts: num(s.admin_posts),
      institutionalPosts: num(s.institutional_posts),
      actualStaff: num(s.actual_staff),
    }));
    return [...departments, ...streets, SYSTEM_ORG];
  }
}
