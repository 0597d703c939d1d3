import { JsonText, stringifyJson } from './json-text';

/** What PostgreSQL writes for a jsonb value: its own spacing and key order. */
const decision =
  '{"inputs": {}, "reason": "在清单内", "ruleId": "R1", "outcome": "street_principal", "decidedAt": "2026-12-04T10:00:00.000000Z"}';
const steps =
  '[{"step": "remind", "fireAt": "2026-12-07T01:00:00.000000Z", "firedAt": null}, {"step": "escalate", "fireAt": "2026-12-08T01:00:00.000000Z", "firedAt": null}]';

describe('JsonText and stringifyJson', () => {
  const page = () => ({
    items: [
      {
        id: 'a',
        title: '高龄津贴 "核实"\n\\ 台账',
        decision: new JsonText(decision),
        steps: new JsonText(steps),
      },
      { id: 'b', title: '</script>', decision: null, steps: new JsonText('[]') },
    ],
    nextCursor: null,
    counts: [{ orgCode: 'D1-S01', count: 3 }],
  });
  const parsed = () => ({
    items: [
      {
        id: 'a',
        title: '高龄津贴 "核实"\n\\ 台账',
        decision: JSON.parse(decision),
        steps: JSON.parse(steps),
      },
      { id: 'b', title: '</script>', decision: null, steps: [] },
    ],
    nextCursor: null,
    counts: [{ orgCode: 'D1-S01', count: 3 }],
  });

  it("writes each JsonText's text as it is, and the answer reads as the parsed rows would", () => {
    const json = stringifyJson(page());
    expect(json).toContain(`"decision":${decision}`);
    expect(json).toContain(`"steps":${steps}`);
    expect(JSON.parse(json)).toEqual(parsed());
  });

  it('is JSON.stringify for values without JsonText, and for what JSON.stringify refuses or drops', () => {
    for (const v of [parsed(), 'text', 42, null, [1, 'x', { a: undefined }], { d: new Date(0) }])
      expect(stringifyJson(v)).toBe(JSON.stringify(v));
    expect(stringifyJson(undefined)).toBeUndefined();
    const cyclic: Record<string, unknown> = { j: new JsonText('{}') };
    cyclic.self = cyclic;
    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
    // The failed call left nothing behind: the next answer is whole.
    expect(JSON.parse(stringifyJson(page()))).toEqual(parsed());
  });

  it('is the parsed value wherever else it is serialized (a log line, a stored copy)', () => {
    expect(JSON.stringify(page())).toBe(JSON.stringify(parsed()));
    expect(new JsonText(steps).toJSON()).toEqual(JSON.parse(steps));
  });

  it('falls back to parsing when a string in the answer is its placeholder, wherever it stands', () => {
    // The placeholder carries a random value of this process; a test can learn it from inside.
    let mark = '';
    stringifyJson({ probe: { toJSON: () => (mark = new JsonText('0').toJSON() as string) } });
    expect(mark.startsWith('\u0000json-text:')).toBe(true);
    const real = new JsonText('{"a": 1}');
    for (const forged of [
      { before: mark, real },
      { real, after: mark },
      { real, inside: `x${mark}` },
    ]) {
      const json = stringifyJson(forged);
      expect(JSON.parse(json)).toEqual({ ...forged, real: { a: 1 } });
    }
  });
});
