import type { ErrorDetail } from './domain-error';
import type { Language } from './messages';
import { COORDINATION_DETAILS } from '../coordination/coordination-details';

type Entry = Record<Language, string>;

/**
 * Texts for bad fields and rows, in both languages. Keys are either ours or class-validator
 * constraint names, so structural and semantic errors read alike.
 */
const DETAILS: Record<string, Entry> = {
  ...COORDINATION_DETAILS,
  // class-validator constraints
  isString: { 'zh-CN': '必须是字符串', en: 'must be a string' },
  isBoolean: { 'zh-CN': '必须是布尔值', en: 'must be a boolean' },
  isInt: { 'zh-CN': '必须是整数', en: 'must be an integer' },
  isNumber: { 'zh-CN': '必须是数字', en: 'must be a number' },
  isArray: { 'zh-CN': '必须是数组', en: 'must be an array' },
  isIn: { 'zh-CN': '取值不在允许范围内:{allowed}', en: 'must be one of: {allowed}' },
  isEnum: { 'zh-CN': '取值不在允许范围内', en: 'is not an allowed value' },
  isNotEmpty: { 'zh-CN': '不能为空', en: 'must not be empty' },
  isDefined: { 'zh-CN': '必填', en: 'is required' },
  isObject: { 'zh-CN': '必须是对象', en: 'must be an object' },
  isUuid: { 'zh-CN': '必须是 UUID', en: 'must be a UUID' },
  isIso8601: { 'zh-CN': '必须是带时区的 ISO-8601 时间', en: 'must be an ISO-8601 time' },
  isDateString: { 'zh-CN': '必须是 ISO-8601 日期', en: 'must be an ISO-8601 date' },
  isLength: { 'zh-CN': '长度须在 {min} 到 {max} 之间', en: 'length must be {min} to {max}' },
  maxLength: { 'zh-CN': '长度不能超过 {max}', en: 'must be at most {max} characters' },
  minLength: { 'zh-CN': '长度不能少于 {min}', en: 'must be at least {min} characters' },
  min: { 'zh-CN': '不能小于 {min}', en: 'must not be less than {min}' },
  max: { 'zh-CN': '不能大于 {max}', en: 'must not be greater than {max}' },
  arrayMinSize: { 'zh-CN': '至少需要 {min} 项', en: 'needs at least {min} items' },
  arrayMaxSize: { 'zh-CN': '最多 {max} 项', en: 'allows at most {max} items' },
  arrayUnique: { 'zh-CN': '不能有重复项', en: 'must not repeat items' },
  matches: { 'zh-CN': '格式不正确', en: 'has the wrong format' },
  whitelistValidation: { 'zh-CN': '不允许的字段', en: 'is not an allowed field' },
  nestedValidation: { 'zh-CN': '结构不正确', en: 'has the wrong structure' },
  // ours
  unknown_street: { 'zh-CN': '未知的街道代码', en: 'unknown street' },
  unknown_district: { 'zh-CN': '未知的区代码', en: 'unknown district' },
  unknown_matter: {
    'zh-CN': '清单现行版本 {version} 中没有该事项代码(清单外任务请留空)',
    en: 'no such matter in the list in force ({version}); leave it empty for off-list tasks',
  },
  unknown_matter_in_version: {
    'zh-CN': '该任务所依据的清单版本中没有此事项',
    en: 'no such matter in the list version of this task',
  },
  role_required_to_admit: {
    'zh-CN': '准入时须指定街道角色(lead/support/joint)或选定事项',
    en: 'admitting needs a role (lead/support/joint) or a matter',
  },
  no_list_in_force: { 'zh-CN': '当前没有生效的责任清单', en: 'no responsibility list is in force' },
  streets_required: { 'zh-CN': '至少指定一个街道或区', en: 'name at least one street or district' },
  enforcement_subject_required: {
    'zh-CN': '执法类任务必须指明执法对象',
    en: 'is required when actionType is enforcement',
  },
  enforcement_subject_forbidden: {
    'zh-CN': '仅执法类任务可以指定执法对象',
    en: 'is allowed only when actionType is enforcement',
  },
  deadline_required: {
    'zh-CN': '须且只能指定 deadlineWorkingDays 或 dueAt 之一',
    en: 'give exactly one of deadlineWorkingDays or dueAt',
  },
  deadline_in_past: { 'zh-CN': '期限必须晚于当前时间', en: 'must be in the future' },
  missing_column: { 'zh-CN': '缺少列 {column}', en: 'column {column} is missing' },
  required: { 'zh-CN': '必填', en: 'is required' },
  one_of: { 'zh-CN': '取值须为:{allowed}', en: 'must be one of: {allowed}' },
  duplicate_date: { 'zh-CN': '与 {other} 是同一天', en: 'names the same day as {other}' },
  duplicate_code: { 'zh-CN': '事项代码与第 {other} 行重复', en: 'repeats the code of row {other}' },
  bad_code: { 'zh-CN': '事项代码格式应为 字母-数字,如 CG-01', en: 'a matter code looks like CG-01' },
  unknown_department: { 'zh-CN': '未知的部门代码', en: 'unknown department code' },
  unknown_org: { 'zh-CN': '未知的单位代码', en: 'unknown organisation code' },
  outside_scope: { 'zh-CN': '只能按本单位筛选', en: 'only your own organisation can be filtered on' },
  street_principal_mismatch: {
    'zh-CN': '街道为主体的事项主体代码须为 STREET,反之亦然',
    en: 'principal must be STREET exactly when the mode is STREET_PRINCIPAL',
  },
  subjects_without_power: {
    'zh-CN': '无执法权时不应列出处罚对象',
    en: 'no subjects when the street has no power',
  },
  empty_file: { 'zh-CN': '文件中没有数据行', en: 'the file holds no data rows' },
  file_required: { 'zh-CN': '须上传文件', en: 'a file is required' },
  bad_date: { 'zh-CN': '须为 YYYY-MM-DD 日期', en: 'must be a YYYY-MM-DD date' },
  bad_period: {
    'zh-CN': '须为考核期:月份 YYYY-MM(01–12)或季度 YYYY-Qn(Q1–Q4)',
    en: 'must be a period: a month YYYY-MM (01–12) or a quarter YYYY-Qn (Q1–Q4)',
  },
  version_exists: { 'zh-CN': '该版本号已存在', en: 'this version already exists' },
  unsupported_file: { 'zh-CN': '无法解析的文件', en: 'the file cannot be read' },
  bad_cursor: { 'zh-CN': '分页游标无效', en: 'invalid cursor' },
  // delegated powers and enforcement cases
  power_not_held: {
    'zh-CN': '本街道未获赋权目录中的 {power}(所属事项 {matter},适用对象:{subjectsZh})',
    en: 'your street does not hold catalogue power {power} (matter {matter}, subjects {subjects})',
  },
  subject_not_covered: {
    'zh-CN': '赋权事项 {power}(所属事项 {matter})仅适用于{subjectsZh},不适用于{subjectZh}',
    en: 'catalogue power {power} (matter {matter}) covers {subjects} only, not {subject}',
  },
  unknown_power: {
    'zh-CN': '现行赋权目录({version})中没有该赋权事项编码',
    en: 'no such power in the catalogue in force ({version})',
  },
  penalty_amount_required: { 'zh-CN': '处罚须填写罚款金额(元)', en: 'a penalty needs its amount in yuan' },
  penalty_amount_range: {
    'zh-CN': '罚款金额须大于 0、不超过 {max} 元,最多两位小数',
    en: 'must be above 0 and at most {max} yuan, with at most two decimals',
  },
  amount_only_for_penalty: { 'zh-CN': '只有处罚才填写金额', en: 'only a penalty has an amount' },
  date_in_future: { 'zh-CN': '不能晚于今天({today})', en: 'must not be after today ({today})' },
  period_in_future: { 'zh-CN': '该期间尚未开始', en: 'this period has not begun yet' },
  bad_power_code: {
    'zh-CN': '赋权事项编码格式应为 事项代码-后缀,如 CG-02-I',
    en: 'a power code looks like CG-02-I',
  },
  duplicate_power_code: {
    'zh-CN': '赋权事项编码与第 {other} 行重复',
    en: 'repeats the power code of row {other}',
  },
  unknown_power_matter: { 'zh-CN': '本次导入的清单中没有该事项', en: 'no such matter in this list' },
  matter_without_power: {
    'zh-CN': '该事项的街道执法权为 none,不能列入赋权目录',
    en: 'the street holds no enforcement power for this matter',
  },
  subject_beyond_matter: {
    'zh-CN': '超出事项的街道执法对象:{subjects}',
    en: 'goes beyond the subjects of the matter: {subjects}',
  },
  unknown_street_codes: { 'zh-CN': '未知的街道代码:{codes}', en: 'unknown street codes: {codes}' },
  rule_problem: { 'zh-CN': '规则不合法:{problem}', en: 'invalid rule: {problem}' },
  // The routing table's problems (routing/rule-table.ts), each in both languages.
  rules_empty: { 'zh-CN': '规则表不能为空', en: 'must be a non-empty list' },
  rule_not_object: { 'zh-CN': '规则必须是对象', en: 'must be an object' },
  rule_id_format: {
    'zh-CN': '规则编号须以字母开头,由字母、数字、_ 或 - 组成,至多 32 个字符',
    en: 'must start with a letter and hold letters, digits, _ or - (at most 32)',
  },
  rule_id_duplicate: { 'zh-CN': '规则编号重复', en: 'duplicate rule id' },
  rule_outcome: { 'zh-CN': '判定结果须为以下之一:{allowed}', en: 'one of {allowed}' },
  rule_description: { 'zh-CN': '规则说明须为文字', en: 'must be a string' },
  rule_reason_texts: { 'zh-CN': '理由须同时有中文和英文文本', en: 'needs zh-CN and en texts' },
  rule_unknown_keys: { 'zh-CN': '含未知字段:{keys}', en: 'unknown keys: {keys}' },
  rule_last_unconditional: {
    'zh-CN': '最后一条规则须无条件适用(always: true)',
    en: 'the last rule must be unconditional (always: true)',
  },
  condition_not_object: { 'zh-CN': '条件必须是对象', en: 'condition must be an object' },
  condition_always: { 'zh-CN': 'always 须为 true 且单独出现', en: '`always` must be true and alone' },
  condition_list: {
    'zh-CN': '{key} 须为非空列表且单独出现',
    en: '`{key}` must be a non-empty list and alone',
  },
  condition_not_alone: { 'zh-CN': 'not 须单独出现', en: '`not` must be alone' },
  condition_unknown_fact: { 'zh-CN': '未知的判断依据;可用:{facts}', en: 'unknown fact; one of {facts}' },
  condition_eq_or_in: {
    'zh-CN': '判断条件须恰好有 eq 或 in 之一',
    en: 'a fact test needs exactly one of `eq` or `in`',
  },
  condition_in_empty: { 'zh-CN': 'in 须为非空列表', en: 'must be a non-empty list' },
  condition_not_scalar: {
    'zh-CN': '比较值须为字符串、数字或布尔值',
    en: 'must be a string, number or boolean',
  },
  password_too_short: { 'zh-CN': '密码至少 {min} 个字符', en: 'a password needs at least {min} characters' },
  password_too_simple: {
    'zh-CN': '密码过于简单:至少 5 个不同字符,且含字母、数字、符号中的两类',
    en: 'too simple: use at least 5 different characters of two kinds (letters, digits, symbols)',
  },
  password_contains_username: { 'zh-CN': '密码不能包含用户名', en: 'must not contain the username' },
  role_not_for_org_kind: {
    'zh-CN': '该角色不适用于此类单位(可选:{allowed})',
    en: 'this role does not fit the organisation (allowed: {allowed})',
  },
  own_account: {
    'zh-CN': '不能停用自己的账号或更改自己的角色',
    en: 'you cannot deactivate your own account or change your own role',
  },
  username_taken: { 'zh-CN': '该用户名已被使用', en: 'this username is already taken' },
  nothing_to_change: {
    'zh-CN': '请至少提供 active、role、password 之一',
    en: 'give at least one of active, role, password',
  },
  bad_date_time: {
    'zh-CN': '须为带时区的 ISO-8601 时间,如 2026-12-31T18:00:00+08:00',
    en: 'must be an ISO-8601 time with an offset, e.g. 2026-12-31T18:00:00+08:00',
  },
  date_out_of_range: {
    'zh-CN': '须在 {min} 至 {max} 之间(北京时间)',
    en: 'must fall between {min} and {max} (Beijing time)',
  },
  no_workday_found: {
    'zh-CN': '连续 {days} 天内找不到所需的工作日,请检查日历调整',
    en: 'no working day found within {days} days; check the calendar overrides',
  },
  due_beyond_window: {
    'zh-CN': '由此算出的期限不能晚于 {max}',
    en: 'the resulting due date must not be later than {max}',
  },
  bad_id: { 'zh-CN': '标识不是合法的 UUID', en: 'is not a well-formed UUID' },
  no_tolerable_item: {
    'zh-CN': '容错清单中至少要有一项可予容错的情形',
    en: 'the tolerance list needs at least one tolerable item',
  },
  unknown_tolerance_item: {
    'zh-CN': '容错清单中没有该情形代码(或已停用)',
    en: 'no such item on the tolerance list (or it was retired)',
  },
  not_tolerable: { 'zh-CN': '该情形属于不予容错的情形', en: 'this item is never tolerated' },
  item_no_longer_tolerable: {
    'zh-CN': '所引用的情形已被调整为不予容错(或已移出清单),只能不予认定',
    en: 'the cited item is no longer tolerable (or no longer listed); the claim can only be refused',
  },
  bad_staffing_period: {
    'zh-CN': '须为月份 YYYY-MM(01–12)或季度 YYYY-Qn(Q1–Q4);不填则为最近 12 个月',
    en: 'must be a month YYYY-MM (01–12) or a quarter YYYY-Qn (Q1–Q4); leave it out for the last 12 months',
  },
  not_overdue: { 'zh-CN': '该期限没有逾期,无需容错', en: 'this deadline was never overdue' },
  dispute_not_lost: {
    'zh-CN': '只有裁定败诉的一方可以就该争议申请容错',
    en: 'only the party the dispute was decided against may claim',
  },
  claim_window_ended: {
    'zh-CN': '申请期限已于 {windowEndsAt} 截止',
    en: 'the window ended at {windowEndsAt}',
  },
  floor_exceeds_total: {
    'zh-CN': '保底 {floor} × {streets} 个街道超过编制总数 {total},保底最多为 {max}',
    en: 'a floor of {floor} × {streets} streets exceeds the total of {total}; the floor can be at most {max}',
  },
  unsafe_text: {
    'zh-CN': '含有不允许的字符 {char}(控制字符、空字符、不成对的代理项或非字符)',
    en: 'holds a character that is not allowed, {char} (control characters, NUL, lone surrogates and noncharacters are refused)',
  },
  notBlank: {
    'zh-CN': '不能为空白(仅含空格或零宽字符也算空白)',
    en: 'must not be blank (spaces and zero-width characters alone count as blank)',
  },
  json_too_deep: {
    'zh-CN': 'JSON 嵌套层数超过 {max} 层',
    en: 'JSON is nested deeper than {max} levels',
  },
  json_too_many_entries: {
    'zh-CN': 'JSON 中的键和数组元素总数超过 {max}',
    en: 'JSON holds more than {max} keys and array elements',
  },
  // uploads: every limit names itself
  upload_too_large: { 'zh-CN': '文件超过 {limit} 上限', en: 'the file exceeds the limit of {limit}' },
  upload_uncompressed_too_large: {
    'zh-CN': '文件解压后超过 {limit} 上限',
    en: 'the file unpacks to more than the limit of {limit}',
  },
  upload_too_many_parts: {
    'zh-CN': '压缩包内的部件数超过上限 {limit}',
    en: 'the file holds more than {limit} packed parts',
  },
  upload_too_many_rows: { 'zh-CN': '行数超过上限 {limit}', en: 'has more than {limit} rows' },
  upload_too_many_columns: { 'zh-CN': '列数超过上限 {limit}', en: 'has more than {limit} columns' },
  upload_too_many_cells: {
    'zh-CN': '单元格数(含合并区域和数据验证范围)超过上限 {limit}',
    en: 'has more than {limit} cells (merged areas and data-validation ranges included)',
  },
  upload_too_many_merges: {
    'zh-CN': '合并单元格区域数超过上限 {limit}',
    en: 'has more than {limit} merged areas',
  },
  upload_line_too_long: {
    'zh-CN': '某一行或某个单元格的内容超过 {limit} 上限',
    en: 'a row or cell holds more than the limit of {limit}',
  },
  upload_too_many_files: { 'zh-CN': '只能上传 {limit} 个文件', en: 'at most {limit} file may be sent' },
  upload_unexpected_file: {
    'zh-CN': '此处不接受文件,文件字段应为 {expected}',
    en: 'no file is expected here; send it as {expected}',
  },
  upload_too_many_fields: {
    'zh-CN': '表单字段数超过上限 {limit}',
    en: 'the form has more than {limit} fields',
  },
  upload_field_too_long: {
    'zh-CN': '表单字段的名称或值超过 {limit} 上限',
    en: 'a form field name or value exceeds the limit of {limit}',
  },
  upload_malformed: { 'zh-CN': '表单格式不正确(multipart)', en: 'the multipart form is malformed' },
  bad_cell_value: {
    'zh-CN': '单元格的值无法读取(如超出范围的日期)',
    en: 'the cell value cannot be read (e.g. a date out of range)',
  },
  // webhooks: where a URL may point
  url_not_http: { 'zh-CN': '须为 http 或 https 地址', en: 'must be an http or https URL' },
  url_credentials: {
    'zh-CN': '地址中不能包含用户名或密码',
    en: 'must not carry a user name or password',
  },
  url_forbidden_address: {
    'zh-CN': '指向本机、内网、链路本地或保留地址({address}),且未在 WEBHOOK_ALLOWED_HOSTS 中放行',
    en: 'points to a loopback, private, link-local or reserved address ({address}) not allowed by WEBHOOK_ALLOWED_HOSTS',
  },
  url_unresolvable: { 'zh-CN': '主机名无法解析', en: 'the host name does not resolve' },
};

export function renderDetail(
  d: ErrorDetail,
  lang: Language,
): { field?: string; row?: number; column?: string; message: string } {
  const entry = DETAILS[d.reason];
  let message = entry ? entry[lang] : (d.text ?? d.reason);
  for (const [k, v] of Object.entries(d.params ?? {})) message = message.replaceAll(`{${k}}`, String(v));
  const out: { field?: string; row?: number; column?: string; message: string } = { message };
  if (d.field !== undefined) out.field = d.field;
  if (d.row !== undefined) out.row = d.row;
  if (d.column !== undefined) out.column = d.column;
  return out;
}
