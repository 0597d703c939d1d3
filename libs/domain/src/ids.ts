import { v7 as uuidv7 } from 'uuid';

/**
 * A well-formed UUID (8-4-4-4-12 hex digits, any version or case): what every id this API hands out
 * looks like. Anything else names nothing, so callers answer 404 without asking the database
 * (PostgreSQL would refuse the cast to uuid, which used to surface as a 500).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/**
 * A new id: a UUID of version 7 (RFC 9562), its first 48 bits the time in milliseconds. Ids made
 * one after another sort together, so a row's keys go to the same few B-tree leaves as the rows
 * made just before it instead of a random one (the database's defaults make the same kind:
 * migration TimeOrderedIds). The rest is random: an id still tells nothing about another.
 */
export const newId = (): string => uuidv7();
