import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

// Containment checks (a data directory vs the HotBackup folder, a restore target vs both) must
// compare where paths really lead: `..` and symbolic links are resolved first, or a folder given
// as /srv/link/.. or through a link passes a check on its spelling.

/** The real path of `p`: `..` and links resolved for the part that exists, the rest appended as given. */
export async function realPathOf(p: string): Promise<string> {
  const abs = resolve(p);
  const rest: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    const real = await realpath(at).catch(() => null);
    if (real !== null) return rest.length ? join(real, ...rest.reverse()) : real;
    if (dirname(at) === at) return abs;
    rest.push(basename(at));
  }
}
