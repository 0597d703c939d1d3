import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureClient, type SessionUser, type UserRole } from '../api';
import { currentLanguage } from '../i18n/language';
import { forgetSession, homeOf, signIn, storedSession, type StoredSession } from './sessionStore';

export interface Session {
  user: SessionUser | null;
  /** True after the user signed out (not when the token expired): the next user starts at their own home. */
  signedOut: boolean;
  /** The user's main role: the one that decides the menu and the home page. */
  role: UserRole | null;
  login: (username: string, password: string) => Promise<SessionUser>;
  logout: () => void;
}

const ROLE_ORDER: UserRole[] = ['admin', 'reviewer', 'supervisor', 'department', 'street'];

let expired: () => void = () => undefined;

// The client reads the token and language per request; a 401 ends the session.
configureClient({
  token: () => storedSession()?.accessToken ?? null,
  language: currentLanguage,
  onUnauthenticated: () => expired(),
});

const SessionContext = createContext<Session | null>(null);

/** The signed-in user and token (kept in localStorage, so a reload keeps the session until the token expires). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(storedSession);
  const [signedOut, setSignedOut] = useState(false);
  const queryClient = useQueryClient();

  /**
   * Whatever the cache holds was read with this user's token: it goes with the session (sign-out
   * or a 401), so the next user never sees a screen of the previous one's data, not even for the
   * moment a refetch takes. Requests still under way are cancelled, their answers dropped.
   */
  const forgetServerState = useCallback(() => {
    void queryClient.cancelQueries();
    queryClient.clear();
  }, [queryClient]);

  const end = useCallback(
    (byUser: boolean) => {
      forgetSession();
      forgetServerState();
      setSignedOut(byUser);
      setSession(null);
    },
    [forgetServerState],
  );
  const logout = useCallback(() => end(true), [end]);

  useEffect(() => {
    expired = () => end(false);
  }, [end]);

  // Nothing needs clearing here: every way a session ends (sign-out, a 401) cleared the cache,
  // and no screen reads the server before sign-in.
  const login = useCallback(async (username: string, password: string) => {
    const signedIn = await signIn(username, password, currentLanguage());
    setSignedOut(false);
    setSession(signedIn);
    return signedIn.user;
  }, []);

  const value = useMemo<Session>(() => {
    const user = session?.user ?? null;
    const role = user ? (ROLE_ORDER.find((r) => user.roles.includes(r)) ?? null) : null;
    return { user, signedOut, role, login, logout };
  }, [session, signedOut, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

export { homeOf };
