import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/domain';

/**
 * The SQLSTATEs repositories give a meaning to. Anything else (and a violation nobody gave a
 * meaning) stays what it is: a bug, answered 500, or an outage the error filter answers 503.
 */
export const PG_ERRORS = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

/** What PostgreSQL said, from node-postgres' error or TypeORM's QueryFailedError around it. */
export function pgErrorOf(e: unknown): { code: string; constraint: string | null } | null {
  for (let x = e, depth = 0; typeof x === 'object' && x !== null && depth < 3; depth++) {
    const o = x as { code?: unknown; constraint?: unknown; driverError?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code))
      return { code: o.code, constraint: typeof o.constraint === 'string' ? o.constraint : null };
    x = o.driverError;
  }
  return null;
}

/**
 * What a constraint's violation means to the caller, by constraint (or unique index) name: the
 * database is the judge of a race the application's checks cannot close (two requests creating
 * the same list version, two extension requests at once), and the answer is a DomainError.
 */
export type ConstraintMeanings = Record<string, () => DomainError>;

/** The DomainError a database error means, or the error itself when it means nothing more. */
export function translatePgError(e: unknown, meanings: ConstraintMeanings): unknown {
  const pg = pgErrorOf(e);
  if (!pg || !pg.constraint) return e;
  const integrity: string[] = [
    PG_ERRORS.uniqueViolation,
    PG_ERRORS.foreignKeyViolation,
    PG_ERRORS.checkViolation,
  ];
  return integrity.includes(pg.code) && meanings[pg.constraint] ? meanings[pg.constraint]() : e;
}

/** Runs one repository statement, turning the constraint violations it names into DomainErrors. */
export async function withMeanings<T>(work: Promise<T>, meanings: ConstraintMeanings): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw translatePgError(e, meanings);
  }
}

/** True for the errors after which the same transaction, run again, may well succeed. */
export const isRetryable = (e: unknown): boolean => {
  const code = pgErrorOf(e)?.code;
  return code === PG_ERRORS.serializationFailure || code === PG_ERRORS.deadlockDetected;
};

/**
 * Attempts of a transaction that PostgreSQL aborted as a deadlock victim or serialization
 * failure. Every multi-row lock is taken in id order, so these are rare; three attempts (with 10,
 * then 20 ms and jitter between) outlast any realistic pile-up without keeping a request long.
 */
const TRANSACTION_ATTEMPTS = 3;
const RETRY_BASE_MS = 10;

/**
 * `dataSource.transaction`, run again when PostgreSQL aborted it as a deadlock victim or a
 * serialization failure; when the last attempt fails the same way, the caller hears 409
 * STATE_CONFLICT (someone else changed the same rows: read again and retry), not a 500.
 */
export async function transaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (e) {
      if (!isRetryable(e)) throw e;
      if (attempt >= TRANSACTION_ATTEMPTS) throw new DomainError('STATE_CONFLICT');
      const wait = RETRY_BASE_MS * 2 ** (attempt - 1);
      await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    }
  }
}
