/** Careful confirmations (components/confirmations), the 被吹哨待报到 tile and the export buttons of the task and list screens. */
export const confirmationsZhCN = {
  'confirmations.result': '街道办结情况',
  'confirmations.noResult': '(未填写办结情况)',
  'confirmations.completedAt': '办结时间',
  'confirmations.request': '延期申请',
  'confirmations.currentDue': '当前完成期限',
  'confirmations.newDue': '批准后完成期限',
  'confirmations.comment': '审批意见',
  'confirmations.approveTitle': '批准延期',
  'confirmations.rejectTitle': '不批准延期',
  'workbench.tile.pendingSummons': '被吹哨待报到',
  'exports.templateXlsx': '下载导入模板(Excel)',
  'exports.templateCsv': '下载导入模板(CSV)',
};
