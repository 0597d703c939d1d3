/** The kinds of organisation: county departments, street offices and the authorities (编办, 督查室). */
export const ORG_KINDS = ['department', 'street', 'authority'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** An organisation as `GET /api/orgs` lists it (and as the seed stores it). */
export class Organisation {
  /** `ZJJ`, `D1-S01`, `WBB` … */
  code!: string;
  name!: string;
  nameEn!: string | null;
  kind!: OrgKind;
  /** A street's district; null for departments and authorities. */
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
