import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding our package.json, from wherever this module was built or run from. */
export function packageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'shared'))) return dir;
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist-renderer'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the HotBackup package folder above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}
