import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/**
 * A read that failed for a reason a second try can fix (network, 5xx) is tried once more after
 * a second; a 4xx answer (not found, forbidden, session ended) is final at once. TanStack's
 * default, three tries with back-off, keeps a spinner up for about seven seconds before the
 * user sees the error and the retry button.
 */
const READ_RETRIES = 1;
const RETRY_DELAY_MS = 1000;

function retryable(failures: number, e: unknown): boolean {
  if (e instanceof ApiError && e.status >= 400 && e.status < 500) return false;
  return failures < READ_RETRIES;
}

/** The one cache of server state; cleared when the session ends (see shell/session). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryable, retryDelay: RETRY_DELAY_MS },
      // A transition is never repeated behind the user's back: a retry is the user's click.
      mutations: { retry: false },
    },
  });
}
