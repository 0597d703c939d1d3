/** The system administration's own workbench tiles and inbox notices (issue 10). */
export const adminZhCN = {
  'workbench.tile.pausedWebhooks': '已停用推送',
  'workbench.tile.calendarGaps': '缺节假日数据年份',
  'workbench.tile.activeUsers': '启用账号',
  'workbench.tile.failedJobs': '失败任务',
  'workbench.adminHint': '系统管理工作台:推送、日历、账号与队列的状况;编办的消息不在此处。',
  'notif.webhook.failed': '推送投递失败',
  'inbox.kind.webhook': '推送',
};
