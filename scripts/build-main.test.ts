import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The main-side bundles are found by path at run time (dist/backup-worker.js by the run,
// dist/preload.cjs by the window), where no type checker looks: a source that moved must stop the
// build, naming it, instead of leaving the old bundle in dist/ or none at all.
it('npm run build:main fails, naming the entry, when an entry source is not where the build looks', () => {
  const empty = mkdtempSync(join(tmpdir(), 'hb-build-main-'));
  try {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'build-main.mjs')], { cwd: empty, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    for (const src of ['src-main/hosts/cli/entry.ts', 'src-main/hosts/electron/main.ts', 'src-main/engine/worker/backup-worker.ts', 'src-main/hosts/electron/preload.ts']) {
      expect(r.stderr).toContain(src);
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
