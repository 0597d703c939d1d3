import { ApiError } from './client';

/**
 * The text of a failure in the chosen language: the API writes its error bodies in the language
 * the request asked for (with the details appended); a request that never got an answer
 * (status 0) has no body, so the app says it itself (`networkError`, already translated).
 */
export function errorText(e: unknown, networkError: string): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return networkError;
    const extra = e.details.length
      ? ` — ${e.details.map((d) => (d.field ? `${d.field}: ` : '') + d.message).join('; ')}`
      : '';
    return e.message + extra;
  }
  return String((e as Error)?.message ?? e);
}
