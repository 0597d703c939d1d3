import type { BatchResult } from '@app/contract';
import type { BatchOutcome } from '@app/workflow';
import { errorBody } from './error.filter';

/** A batch's per-item outcomes as the API answers them: each refusal in the error body the single request would give. */
export function batchResult(outcomes: BatchOutcome[], acceptLanguage: string | undefined): BatchResult {
  const results = outcomes.map((o) =>
    o.ok
      ? { id: o.id, ok: true, state: o.state as BatchResult['results'][number]['state'], version: o.version }
      : { id: o.id, ok: false, error: errorBody(o.error, acceptLanguage) },
  );
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, results };
}
