import type { Matter } from './matter';

/**
 * The columns of a responsibility-list file, in the seed CSV's order, with the Chinese header a
 * clerk sees in the downloadable template and in an export. An import reads either header (the
 * seed's English key or the Chinese label), so an exported list or a filled-in template comes
 * back in unchanged.
 */
export const LIST_COLUMNS = [
  { key: 'code', label: '事项编码' },
  { key: 'category', label: '类别' },
  { key: 'matter_name', label: '事项名称' },
  { key: 'responsibility_mode', label: '责任模式' },
  { key: 'principal_dept_code', label: '主责部门编码' },
  { key: 'principal_dept', label: '主责部门' },
  { key: 'principal_duties', label: '主责部门职责' },
  { key: 'supporting_units', label: '配合单位' },
  { key: 'street_supporting_duties', label: '街道配合职责' },
  { key: 'legal_basis', label: '法律依据' },
  { key: 'delegable_to_street', label: '可否交由街道' },
  { key: 'street_enforcement_power', label: '街道执法权' },
  { key: 'street_power_subjects', label: '街道执法对象' },
  { key: 'enforcement_note', label: '执法说明' },
  { key: 'source', label: '来源' },
  { key: 'source_ref', label: '来源出处' },
  { key: 'note', label: '备注' },
] as const;

const KEY_OF_LABEL = new Map<string, string>(LIST_COLUMNS.map((c) => [c.label, c.key]));

/** A list file's header cell as the import reads it: a Chinese label becomes its column key. */
export const listColumnKey = (header: string): string => KEY_OF_LABEL.get(header) ?? header;

/** The separator list cells use between items (the seed's; the import also reads `;`). */
const ITEMS = ';';

/** A matter as one row of a list file, in LIST_COLUMNS order (what the import parses back into it). */
export function matterRow(m: Matter): string[] {
  return [
    m.code,
    m.category,
    m.name,
    m.mode,
    m.principalDeptCode,
    m.principalDept,
    m.principalDuties,
    m.supportingUnits.join(ITEMS),
    m.streetSupportingDuties.join(ITEMS),
    m.legalBasis,
    m.delegableToStreet,
    m.streetEnforcementPower,
    m.streetPowerSubjects.join(ITEMS),
    m.enforcementNote,
    m.source,
    m.sourceRef,
    m.note,
  ];
}
