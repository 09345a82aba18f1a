import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Where the worker's code is: next to the host bundle (dist/backup-worker.js), or the TypeScript
 * source when running from src-main (Vitest, tsx). HOTBACKUP_WORKER_ENTRY overrides both.
 */
export function resolveWorkerEntry(explicit?: string): string {
  const candidates = [
    explicit,
    process.env.HOTBACKUP_WORKER_ENTRY,
    fileURLToPath(new URL('./backup-worker.js', import.meta.url)),
    fileURLToPath(new URL('../worker/backup-worker.js', import.meta.url)),
    fileURLToPath(new URL('../worker/backup-worker.ts', import.meta.url)),
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The HotBackup worker is missing (looked for ${candidates.join(', ')}). Rebuild the app (npm run build).`);
  return found;
}

/**
 * Start the worker. A `.ts` entry is loaded through tsx's ESM hooks: on Node 20 a worker's
 * `execArgv: ['--import', 'tsx']` does not reach its entry module, so the hooks are registered first.
 */
export function startWorker(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry);
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(pathToFileURL(entry).href)}); })().catch((e) => { throw e; });`;
  return new Worker(boot, { eval: true });
}
