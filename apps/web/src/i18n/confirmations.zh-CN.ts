/** Careful confirmations: confirming a completion, deciding an extension (components/confirmations). */
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
};
