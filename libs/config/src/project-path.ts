import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** A path inside the project (where package.json is), the same from sources, dist/ and tests. */
export function projectPath(...segments: string[]): string {
  if (!root) {
    let dir = __dirname;
    while (!existsSync(join(dir, 'package.json'))) {
      const up = dirname(dir);
      if (up === dir) throw new Error('cannot find the project root (package.json) above ' + __dirname);
      dir = up;
    }
    root = dir;
  }
  return join(root, ...segments);
}
