import type { ErrorDetail } from '../errors/domain-error';

/**
 * Field checks the transition table's requirements are made of. The API's DTOs check the same
 * shapes at the edge; these keep any other caller (the worker, a test, a future desk) to the rules,
 * with the same detail reasons (class-validator's names), so both read alike in an error body.
 */

/** A rating is 1–5 stars: the department's satisfaction scale (DESIGN.md, assessment). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/**
 * An extension is counted in working days; a quarter (about 60 working days) is the most a single
 * request may ask, so a long delay has to be asked for again and seen again.
 */
export const EXTENSION_MAX_WORKING_DAYS = 60;

/** An integer in [min, max] (max optional), required. */
export function intProblem(field: string, value: unknown, min: number, max?: number): ErrorDetail[] {
  if (value === undefined || value === null) return [{ field, reason: 'required' }];
  if (typeof value !== 'number' || !Number.isInteger(value)) return [{ field, reason: 'isInt' }];
  if (value < min) return [{ field, reason: 'min', params: { min } }];
  if (max !== undefined && value > max) return [{ field, reason: 'max', params: { max } }];
  return [];
}

/** The version the client last saw: a positive integer. */
export const versionProblem = (input: { version?: unknown }): ErrorDetail[] =>
  intProblem('version', input.version, 1);

/** A text with something in it besides white space, required. */
export function textProblem(field: string, value: unknown): ErrorDetail[] {
  if (value === undefined || value === null) return [{ field, reason: 'required' }];
  if (typeof value !== 'string') return [{ field, reason: 'isString' }];
  if (!value.trim()) return [{ field, reason: 'isNotEmpty' }];
  return [];
}

/** One of the allowed values, required. */
export function oneOfProblem(field: string, value: unknown, allowed: readonly string[]): ErrorDetail[] {
  if (value === undefined || value === null) return [{ field, reason: 'required' }];
  return allowed.includes(value as string)
    ? []
    : [{ field, reason: 'isIn', params: { allowed: allowed.join(', ') } }];
}

/** A boolean, required. */
export function booleanProblem(field: string, value: unknown): ErrorDetail[] {
  if (value === undefined || value === null) return [{ field, reason: 'required' }];
  return typeof value === 'boolean' ? [] : [{ field, reason: 'isBoolean' }];
}
