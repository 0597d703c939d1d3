import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../api/errorText';
import type { Language } from '../i18n/language';
import { loginTexts } from './texts';
import './login.css';

interface Props {
  lang: Language;
  onSwitchLanguage: () => void;
  /** Signs in; a rejection is shown on the card in `lang`. */
  onSignIn: (username: string, password: string) => Promise<void>;
}

type Field = 'username' | 'password';

/**
 * The sign-in form. Plain elements and a static style sheet, no UI kit: it is the first screen of
 * every visit, so it is drawn from the first download alone (about 70 kB compressed) while the rest
 * of the app loads behind it. The app's own /login route shows the same card.
 */
export function LoginCard({ lang, onSwitchLanguage, onSignIn }: Props) {
  const t = loginTexts(lang);
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '' });
  const [missing, setMissing] = useState<Field[]>([]);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const blank = (['username', 'password'] as Field[]).filter((f) => values[f].trim() === '');
    setMissing(blank);
    if (blank.length) return;
    setPending(true);
    setFailure(null);
    try {
      await onSignIn(values.username.trim(), values.password);
    } catch (err) {
      setFailure(err);
      setPending(false);
    }
  };

  const field = (name: Field, type: string, autoComplete: string) => {
    const invalid = missing.includes(name);
    return (
      <div className="dg-login-field">
        <label htmlFor={`${id}-${name}`}>
          {t(name === 'username' ? 'login.username' : 'login.password')}
        </label>
        <input
          id={`${id}-${name}`}
          name={name}
          type={type}
          autoComplete={autoComplete}
          value={values[name]}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-${name}-error` : undefined}
          onChange={(e) => {
            const value = e.target.value;
            setValues((v) => ({ ...v, [name]: value }));
            if (invalid && value.trim() !== '') setMissing((m) => m.filter((f) => f !== name));
          }}
        />
        {invalid && (
          <div id={`${id}-${name}-error`} className="dg-login-field-error">
            {t('common.required')}
          </div>
        )}
      </div>
    );
  };

  return (
    <div className="dg-login">
      <main className="dg-login-card">
        <div className="dg-login-head">
          <h1>{t('app.name')}</h1>
          <button
            type="button"
            className="dg-login-lang"
            onClick={onSwitchLanguage}
            data-testid="lang-switch"
          >
            {t('lang.switch')}
          </button>
        </div>
        <p className="dg-login-muted">{t('app.subtitle')}</p>
        {failure !== null && (
          <div className="dg-login-error" role="alert" data-testid="login-error">
            {errorText(failure, t('common.networkError'))}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          {field('username', 'text', 'username')}
          {field('password', 'password', 'current-password')}
          <button
            type="submit"
            className="dg-login-submit"
            disabled={pending}
            aria-busy={pending}
            data-testid="login-submit"
          >
            {pending && <span className="dg-login-spinner" aria-hidden />}
            {t('login.submit')}
          </button>
        </form>
        <p className="dg-login-muted dg-login-hint">{t('login.hint')}</p>
      </main>
    </div>
  );
}
