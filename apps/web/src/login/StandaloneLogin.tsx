import { useEffect, useState } from 'react';
import { currentLanguage, saveLanguage, type Language } from '../i18n/language';
import { signIn } from '../shell/sessionStore';
import { LoginCard } from './LoginCard';

interface Props {
  /** Warms the app up (download and run its code) while the user types. */
  warmUp: () => void;
  /** Called once signed in: the app starts. */
  onSignedIn: () => Promise<void>;
}

/**
 * The first screen of a visit without a session, drawn before the app is loaded: its own language
 * state (saved where the app reads it) and the session store; the app takes over once signed in.
 */
export function StandaloneLogin({ warmUp, onSignedIn }: Props) {
  const [lang, setLang] = useState<Language>(currentLanguage);
  useEffect(warmUp, [warmUp]);
  return (
    <LoginCard
      lang={lang}
      onSwitchLanguage={() => {
        const next = lang === 'en' ? 'zh-CN' : 'en';
        saveLanguage(next);
        setLang(next);
      }}
      onSignIn={async (username, password) => {
        await signIn(username, password, lang);
        await onSignedIn();
      }}
    />
  );
}
