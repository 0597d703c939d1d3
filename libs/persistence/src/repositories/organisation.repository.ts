import type { Clock } from '@app/domain';
import type { OrgKind, Organisation } from '@app/contract';
import type { Tx } from '../tx';

export type { OrgKind };

/** An organisation as stored, and as `GET /api/orgs` returns it (libs/contract). */
export type OrganisationRow = Organisation;

const COLUMNS = `code, name, name_en AS "nameEn", kind, district_code AS "districtCode", district_name AS "districtName",
  holds_penalty_power AS "holdsPenaltyPower", population_wan::float8 AS "populationWan", area_km2::float8 AS "areaKm2",
  authorised_posts AS "authorisedPosts", admin_posts AS "adminPosts", institutional_posts AS "institutionalPosts",
  actual_staff AS "actualStaff"`;

export class OrganisationRepository {
  constructor(private readonly clock: Clock) {}

  list(tx: Tx, kind?: OrgKind): Promise<OrganisationRow[]> {
    return kind
      ? tx.query(`SELECT ${COLUMNS} FROM organisation WHERE kind = $1 ORDER BY code`, [kind])
      : tx.query(`SELECT ${COLUMNS} FROM organisation ORDER BY kind, code`);
  }

  async find(tx: Tx, code: string): Promise<OrganisationRow | null> {
    const rows = await tx.query(`SELECT ${COLUMNS} FROM organisation WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** Upsert by code: the seed runs again without duplicating anything. */
  async upsert(tx: Tx, o: OrganisationRow): Promise<void> {
    await tx.query(
      `INSERT INTO organisation (code, name, name_en, kind, district_code, district_name, holds_penalty_power, population_wan,
         area_km2, authorised_posts, admin_posts, institutional_posts, actual_staff, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, kind = EXCLUDED.kind,
         district_code = EXCLUDED.district_code, district_name = EXCLUDED.district_name,
         holds_penalty_power = EXCLUDED.holds_penalty_power, population_wan = EXCLUDED.population_wan,
         area_km2 = EXCLUDED.area_km2, authorised_posts = EXCLUDED.authorised_posts, admin_posts = EXCLUDED.admin_posts,
         institutional_posts = EXCLUDED.institutional_posts, actual_staff = EXCLUDED.actual_staff`,
      [
        o.code,
        o.name,
        o.nameEn,
        o.kind,
        o.districtCode,
        o.districtName,
        o.holdsPenaltyPower,
        o.populationWan,
        o.areaKm2,
        o.authorisedPosts,
        o.adminPosts,
        o.institutionalPosts,
        o.actualStaff,
        this.clock.now(),
      ],
    );
  }
}
