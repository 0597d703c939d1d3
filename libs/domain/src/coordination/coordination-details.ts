/** Detail texts of coordination's refusals (spread into the detail catalogue). */
export const COORDINATION_DETAILS: Record<string, Record<'zh-CN' | 'en', string>> = {
  not_a_department: {
    'zh-CN': '只能吹哨部门,不能吹哨街道或其他单位',
    en: 'only departments can be summoned',
  },
  unknown_assignment: {
    'zh-CN': '派单不存在或不属于本街道',
    en: 'no such assignment of your street',
  },
  summons_closed: { 'zh-CN': '该吹哨已关闭', en: 'the summons is closed' },
  already_responded: {
    'zh-CN': '本部门已经报到或拒绝,不能再次答复',
    en: 'your department has already answered',
  },
  not_responded: { 'zh-CN': '该部门尚未报到或答复,暂不能评价', en: 'the department has not answered yet' },
  already_rated: { 'zh-CN': '已评价过该部门', en: 'this department has already been rated' },
  not_summoned: { 'zh-CN': '该部门不在本次吹哨名单中', en: 'this department was not summoned' },
  not_joint: {
    'zh-CN': '只有准入决定为联合执法的派单才能安排联合执法',
    en: 'joint actions apply only to assignments decided joint',
  },
  assignment_not_active: {
    'zh-CN': '派单已结束或尚未准入,不能安排联合执法',
    en: 'the assignment is not open for a joint action',
  },
  joint_action_live: {
    'zh-CN': '该派单已有待执行的联合执法,请待街道申请改期后再安排',
    en: 'a joint action is already scheduled for this assignment',
  },
  already_confirmed: { 'zh-CN': '街道已答复该联合执法', en: 'the street has already answered' },
  outcome_recorded: { 'zh-CN': '已登记执法结果', en: 'the outcome is already recorded' },
  reschedule_requested: {
    'zh-CN': '街道已申请改期,请重新安排',
    en: 'the street asked to reschedule; schedule a new action',
  },
  before_scheduled_time: {
    'zh-CN': '执法时间尚未到,不能登记结果',
    en: 'the action has not taken place yet',
  },
  reason_required_to_reschedule: {
    'zh-CN': '申请改期时须说明理由',
    en: 'a reason is required when asking to reschedule',
  },
  arrived_required: { 'zh-CN': '报到时须填写到场人员', en: 'who came is required when reporting' },
  not_in_future: { 'zh-CN': '不能晚于当前时间', en: 'must not be in the future' },
  scheduled_in_past: { 'zh-CN': '执法时间须晚于当前时间', en: 'must be in the future' },
};
