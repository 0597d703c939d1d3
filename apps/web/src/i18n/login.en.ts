import type { loginZhCN } from './login.zh-CN';

/** The texts of the sign-in screen, in English. */
export const loginEn: Record<keyof typeof loginZhCN, string> = {
  'app.name': 'DutyGate',
  'app.subtitle': 'Admission control for tasks pushed down to streets',
  'common.required': 'Required',
  'lang.switch': '中文',
  'login.username': 'Username (organisation code)',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.hint':
    'Demo users: the username is the organisation code (e.g. MZJ, D1-S01, WBB, ZFB, admin), password dutygate-demo',
  'common.networkError': 'Cannot reach the server; check the network and retry',
  'common.retry': 'Retry',
};
