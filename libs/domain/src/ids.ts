/**
 * A well-formed UUID (8-4-4-4-12 hex digits, any version or case): what every id this API hands out
 * looks like. Anything else names nothing, so callers answer 404 without asking the database
 * (PostgreSQL would refuse the cast to uuid, which used to surface as a 500).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
