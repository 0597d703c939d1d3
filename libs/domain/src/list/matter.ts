/** Responsibility list vocabulary (责任清单). Values are the ones used in the seed CSV. */
export const RESPONSIBILITY_MODES = [
  'STREET_PRINCIPAL',
  'DEPT_PRINCIPAL_STREET_SUPPORT',
  'DEPT_ONLY',
] as const;
export type ResponsibilityMode = (typeof RESPONSIBILITY_MODES)[number];

export const ENFORCEMENT_POWERS = ['full', 'partial', 'none'] as const;
export type EnforcementPower = (typeof ENFORCEMENT_POWERS)[number];

export const ENFORCEMENT_SUBJECTS = ['individual', 'organization'] as const;
export type EnforcementSubject = (typeof ENFORCEMENT_SUBJECTS)[number];

export const DELEGABILITY = ['yes', 'no', 'only_with_resources'] as const;
export type Delegability = (typeof DELEGABILITY)[number];

/** The code a list row uses as principal when the street itself is principal. */
export const STREET_PRINCIPAL_CODE = 'STREET';

/**
 * One row of the responsibility list. A class with fields only (no behaviour): it is also the
 * shape the API returns, and the OpenAPI generator reads classes (libs/contract).
 */
export class Matter {
  code!: string;
  category!: string;
  name!: string;
  mode!: ResponsibilityMode;
  principalDeptCode!: string;
  principalDept!: string;
  principalDuties!: string;
  supportingUnits!: string[];
  streetSupportingDuties!: string[];
  legalBasis!: string;
  delegableToStreet!: Delegability;
  streetEnforcementPower!: EnforcementPower;
  streetPowerSubjects!: EnforcementSubject[];
  enforcementNote!: string;
  source!: string;
  sourceRef!: string;
  note!: string;
}
