import type { ErrorCode } from './domain-error';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The client's most preferred language we have (Accept-Language, with q-values); zh-CN when it
 * names neither Chinese nor English.
 */
export function pickLanguage(acceptLanguage: string | undefined | null): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}

const MESSAGES: Record<ErrorCode, Record<Language, string>> = {
  VALIDATION_FAILED: {
    'zh-CN': '输入不合法,请检查所列字段',
    en: 'The input is invalid; see the listed fields',
  },
  MALFORMED_JSON: { 'zh-CN': '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { 'zh-CN': '未登录或登录已失效', en: 'Not signed in, or the token is invalid or expired' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  FORBIDDEN: { 'zh-CN': '当前角色或单位无权执行此操作', en: 'Your role or organisation may not do this' },
  NOT_FOUND: { 'zh-CN': '对象不存在或不可见', en: 'Not found or not visible to you' },
  STATE_CONFLICT: { 'zh-CN': '当前状态不允许此操作', en: 'This action does not apply in the current state' },
  STALE_VERSION: {
    'zh-CN': '数据已被他人修改,请刷新后重试',
    en: 'Someone else changed this; reload and try again',
  },
  IDEMPOTENCY_CONFLICT: {
    'zh-CN': '该幂等键已用于另一份不同的请求',
    en: 'This Idempotency-Key was already used with a different request',
  },
  LIST_VERSION_EXISTS: { 'zh-CN': '该清单版本号已存在', en: 'This list version already exists' },
  LIST_NOT_DRAFT: { 'zh-CN': '已发布的清单不可修改', en: 'A published list cannot be changed' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_FILE: {
    'zh-CN': '文件格式不支持,请上传 CSV 或 XLSX',
    en: 'Unsupported file; upload CSV or XLSX',
  },
  INVALID_FILE_ROWS: {
    'zh-CN': '文件中有错误行,未保存任何内容',
    en: 'The file has bad rows; nothing was stored',
  },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  DEPENDENCY_DOWN: { 'zh-CN': '依赖服务不可用', en: 'A dependency is unavailable' },
  INTERNAL: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  USERNAME_TAKEN: { 'zh-CN': '该用户名已被使用', en: 'This username is already taken' },
  DATE_OUT_OF_RANGE: {
    'zh-CN': '日期超出系统可计算的范围',
    en: 'A date is outside the range the system can count with',
  },
  FILE_DIMENSIONS_EXCEEDED: {
    'zh-CN': '文件的行数、列数或单元格数超过导入上限,未保存任何内容',
    en: 'The file has more rows, columns or cells than an import allows; nothing was stored',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    'zh-CN': '不支持的请求体类型,请以 application/json 发送(上传文件用 multipart/form-data)',
    en: 'Unsupported request body type; send application/json (multipart/form-data for file uploads)',
  },
  METHOD_NOT_ALLOWED: {
    'zh-CN': '该路径不支持此请求方法,允许的方法见 Allow 响应头',
    en: 'This path does not accept this method; see the Allow header',
  },
  HEADERS_TOO_LARGE: {
    'zh-CN': '请求头或网址过长',
    en: 'The request headers or the URL are too long',
  },
  MALFORMED_REQUEST: { 'zh-CN': '请求不是合法的 HTTP 请求', en: 'The request is not valid HTTP' },
  ASSESSMENT_PUBLISHED: {
    'zh-CN': '该期考核已发布,结果已冻结,不可重新计算或修改该期评价',
    en: "This period's assessment is published and frozen: it cannot be recomputed, nor its ratings changed",
  },
  PERIOD_NOT_BEGUN: {
    'zh-CN': '该考核期尚未开始',
    en: 'This period has not begun yet',
  },
  NOT_TOLERABLE: {
    'zh-CN': '所引用的情形属于不予容错的情形,系统不予受理',
    en: 'The cited item is one that is never tolerated; the system refuses the claim',
  },
  CLAIM_WINDOW_CLOSED: {
    'zh-CN': '已超过容错申请期限(事项发生后 10 个工作日)',
    en: 'The claim window has closed (10 working days after the item arose)',
  },
  CLAIM_EXISTS: {
    'zh-CN': '该事项已提出过容错申请,每个事项只能申请一次',
    en: 'A tolerance claim was already filed for this item; one claim per item',
  },
  STAFFING_FLOOR_TOO_HIGH: {
    'zh-CN': '保底编制数乘以街道数超过了所选街道的编制总数,无法在总数不变的前提下测算',
    en: 'The floor times the number of streets exceeds the authorised total of the selection; no proposal can keep the total',
  },
  POWER_NOT_HELD: {
    'zh-CN': '本街道未获该赋权事项,或该事项不适用于此执法对象(见赋权目录)',
    en: 'Your street does not hold this delegated power for this subject (see the catalogue)',
  },
};

export function errorMessage(code: ErrorCode, lang: Language): string {
  return MESSAGES[code][lang];
}
