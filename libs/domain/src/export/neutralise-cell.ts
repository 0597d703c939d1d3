/**
 * Spreadsheet programs treat a cell whose text starts with one of these as a formula (CSV/DDE
 * injection: `=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `@SUM(...)`). Tab and carriage return come
 * first in some exploits because programs strip them before deciding.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes a text cell safe to export: text that a spreadsheet would read as a formula gets a leading
 * apostrophe, so it opens as the same text. Leading spaces and line breaks are looked through (a
 * program may trim them and then see the `=`). Everything a user typed is kept; other text is
 * returned unchanged. Every CSV and XLSX export goes through this (workflow/export/table-export.ts).
 */
export function neutraliseCell(text: string): string {
  const first = text.replace(/^[ \n\u00a0\u3000]+/, '').charAt(0);
  return FORMULA_TRIGGERS.has(first) || FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/** Whether `neutraliseCell` would change this text. */
export const looksLikeFormula = (text: string): boolean => neutraliseCell(text) !== text;
