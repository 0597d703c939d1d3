import type { confirmationsZhCN } from './confirmations.zh-CN';

/** Careful confirmations, the summons tile and the export buttons, in English. */
export const confirmationsEn: Record<keyof typeof confirmationsZhCN, string> = {
  'confirmations.result': "The street's completion report",
  'confirmations.noResult': '(no report given)',
  'confirmations.completedAt': 'Completed at',
  'confirmations.request': 'Extension request',
  'confirmations.currentDue': 'Current due date',
  'confirmations.newDue': 'Due date if approved',
  'confirmations.comment': 'Comment',
  'confirmations.approveTitle': 'Approve the extension',
  'confirmations.rejectTitle': 'Refuse the extension',
  'workbench.tile.pendingSummons': 'Summoned, to report',
  'exports.templateXlsx': 'Import template (Excel)',
  'exports.templateCsv': 'Import template (CSV)',
};
