import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundle the engine worker as the app ships it (one ESM file, better-sqlite3 left native), so the
 * bench times the production path and not tsx compiling TypeScript at worker start.
 */
export async function bundleWorker(outDir: string): Promise<string> {
  const outfile = join(outDir, 'backup-worker.mjs');
  await build({
    entryPoints: [new URL('../src-main/engine/worker/backup-worker.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __hbRequire } from 'node:module'; const require = __hbRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}
