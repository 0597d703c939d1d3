import { spawnSync } from 'node:child_process';
import { setHeapGrowing } from './heap-growing';

describe('setHeapGrowing', () => {
  it("hands V8 the growing percent, and nothing for 0 (V8's own rule)", () => {
    const flags: string[] = [];
    setHeapGrowing(300, (f) => flags.push(f));
    setHeapGrowing(0, (f) => flags.push(f));
    expect(flags).toEqual(['--heap-growing-percent=300']);
  });

  it('names a flag this Node.js knows (an unknown one is reported, not thrown)', () => {
    const said = (flag: string) => {
      const r = spawnSync(
        process.execPath,
        ['-e', 'require("node:v8").setFlagsFromString(process.argv[1])', '--', flag],
        {
          encoding: 'utf8',
        },
      );
      return r.stdout + r.stderr;
    };
    let flag = '';
    setHeapGrowing(300, (f) => (flag = f));
    expect(said(flag)).toBe('');
    expect(said('--heap-growing-percentage=300')).toContain('unrecognized flag');
  });
});
