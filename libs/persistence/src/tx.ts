import type { EntityManager } from 'typeorm';

/** A transaction (or the pool, outside one): what repository methods take to run SQL. */
export type Tx = Pick<EntityManager, 'query'>;

/** Canonical JSON: keys sorted at every level, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/**
 * Rows of an UPDATE/DELETE … RETURNING. TypeORM's postgres driver answers those two commands
 * with `[rows, rowCount]` instead of the rows alone.
 */
export async function updateReturning<T>(tx: Tx, sql: string, params: unknown[]): Promise<T[]> {
  const result = await tx.query(sql, params);
  return Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
    ? result[0]
    : result;
}
