import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { LoginCard } from '../../login/LoginCard';
import { homeOf, useSession } from '../../shell/session';

/**
 * The app's /login route, reached after signing out or when a session ends inside the app: the same
 * card as the first download's sign-in screen (src/login), wired to the app's session and router.
 */
export function LoginPage() {
  const { lang, setLang } = useI18n();
  const { user, role, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  if (user) return <Navigate to={from ?? homeOf(role)} replace />;
  return (
    <LoginCard
      lang={lang}
      onSwitchLanguage={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
      onSignIn={async (username, password) => {
        await login(username, password);
        // The redirect runs on the next render, with the new role.
        navigate(from ?? '/', { replace: true });
      }}
    />
  );
}
