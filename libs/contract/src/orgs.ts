/**
 * The kinds of organisation: county departments, street offices, the authorities (编办, 督查室) and
 * `system`, the system administration (系统管理, `SYS`) the administrators belong to. A `system`
 * organisation is never a party to tasks: it is not a department, street or reviewer anywhere.
 */
export const ORG_KINDS = ['department', 'street', 'authority', 'system'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** An organisation as `GET /api/orgs` lists it (and as the seed stores it). */
export class Organisation {
  /** `ZJJ`, `D1-S01`, `WBB`, `SYS` … */
  code!: string;
  name!: string;
  nameEn!: string | null;
  kind!: OrgKind;
  /** A street's district; null for every other kind. */
  districtCode!: string | null;
  districtName!: string | null;
  /** Whether the street holds delegated administrative penalty powers. */
  holdsPenaltyPower!: boolean;
  /** Resident population in units of 10,000 (万人). */
  populationWan!: number | null;
  areaKm2!: number | null;
  authorisedPosts!: number | null;
  adminPosts!: number | null;
  institutionalPosts!: number | null;
  actualStaff!: number | null;
}

export interface OrgListParams {
  kind?: OrgKind;
}
