import { login as signInRequest } from '../api/auth';
import type { SessionUser, UserRole } from '../api/types';

/**
 * The signed-in user and token, kept in localStorage so that a reload keeps the session until the
 * token expires. Plain module state, no React: the sign-in screen of the first download (src/login)
 * writes it before the app is loaded, and the app's SessionProvider reads it when it starts.
 */
export interface StoredSession {
  accessToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'dutygate.session';

function load(): StoredSession | null {
  try {
    const s = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
    return s?.accessToken && s.user ? s : null;
  } catch {
    return null;
  }
}

let stored = load();

/** The session of this browser, or null. */
export function storedSession(): StoredSession | null {
  return stored;
}

/** Signs in (the API answers in `language`) and keeps the session. */
export async function signIn(username: string, password: string, language: string): Promise<StoredSession> {
  const r = await signInRequest(username, password, language);
  stored = { accessToken: r.accessToken, user: r.user };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  return stored;
}

/** Forgets the session (sign-out, or a 401). */
export function forgetSession(): void {
  stored = null;
  localStorage.removeItem(STORAGE_KEY);
}

/** Where every role starts: its workbench (counts linking to its lists). */
export const HOME = '/workbench';

/** The home of a signed-in user; without a session, the login page. */
export function homeOf(role: UserRole | null): string {
  return role ? HOME : '/login';
}
