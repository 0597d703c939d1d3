import { request } from './client';
import type { LoginResult } from './types';

/**
 * POST /api/auth/login. Its own module, apart from the rest of the API, because the sign-in screen
 * of the first download carries only this call; `language` is asked for explicitly since the client
 * may not be wired to the app's language yet.
 */
export function login(username: string, password: string, language: string): Promise<LoginResult> {
  return request<LoginResult>('POST', '/api/auth/login', {
    body: { username, password },
    headers: { 'accept-language': language },
  });
}
