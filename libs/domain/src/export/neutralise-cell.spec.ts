import { looksLikeFormula, neutraliseCell } from './neutralise-cell';

describe('neutraliseCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 571 8888', "'+86 571 8888"],
    ['-2', "'-2"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'],
    ['  =1+1', "'  =1+1"],
    ['\n@x', "'\n@x"],
    ['\u3000=1', "'\u3000=1"],
  ])('prefixes %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
    expect(looksLikeFormula(input)).toBe(true);
  });

  it.each(['', '城市管理', 'CG-01', 'a=b', "'=already quoted", '1+1', ' plain', '2025-03-01'])(
    'keeps %j as it is',
    (input) => {
      expect(neutraliseCell(input)).toBe(input);
      expect(looksLikeFormula(input)).toBe(false);
    },
  );
});
