import { currentLanguage } from '../i18n/language';
import { loginTexts } from './texts';
import './login.css';

/** The app's code did not arrive (network down): said in the user's language, with 重试 (a reload). */
export function LoadFailed() {
  const t = loginTexts(currentLanguage());
  return (
    <div className="dg-login">
      <main className="dg-login-card">
        <div className="dg-login-error" role="alert" data-testid="app-load-error">
          {t('common.networkError')}
        </div>
        <button type="button" className="dg-login-submit" onClick={() => location.reload()}>
          {t('common.retry')}
        </button>
      </main>
    </div>
  );
}
