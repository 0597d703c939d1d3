/**
 * The texts of the sign-in screen, in Chinese. They are the whole dictionary of the first download
 * (src/login): the main dictionaries take them in, so each text is written once.
 */
export const loginZhCN = {
  'app.name': '职责准入',
  'app.subtitle': '属地管理事项准入与督办',
  'common.required': '必填',
  'lang.switch': 'English',
  'login.username': '用户名(单位代码)',
  'login.password': '密码',
  'login.submit': '登录',
  'login.hint': '演示账号:用户名为单位代码(如 MZJ、D1-S01、WBB、ZFB、admin),密码 dutygate-demo',
  'common.networkError': '无法连接服务器,请检查网络后重试',
  'common.retry': '重试',
};
