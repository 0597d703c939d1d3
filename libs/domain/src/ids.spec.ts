import { isUuid, newId } from './ids';

describe('newId', () => {
  it('makes well-formed UUIDs of version 7 with the RFC 9562 variant', () => {
    const id = newId();
    expect(isUuid(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the time in its first 48 bits, so later ids sort after earlier ones', () => {
    const before = Date.now();
    const ids = Array.from({ length: 1000 }, newId);
    const after = Date.now();
    const ms = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
