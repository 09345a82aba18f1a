import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
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
  roomierOldSpace();
  if (!entry.endsWith('.ts')) return new Worker(entry);
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(pathToFileURL(entry).href)}); })().catch((e) => { throw e; });`;
  return new Worker(boot, { eval: true });
}

let flagged = false;

/**
 * A run allocates hundreds of megabytes of short-lived buffers (blocks read, members compressed
 * and decompressed); V8 counts them towards its old-space limit, and with the default small
 * starting limit it ran a full mark-compact every few megabytes (20 to 60 per run of the 503 MB
 * bench set, about half a CPU second). A starting limit of 64 MB (read once by each new isolate,
 * so the worker started next) leaves 2 to 6. The limit still grows and shrinks as V8 decides, so
 * memory stays as it was (peak RSS of the bench run unchanged).
 */
function roomierOldSpace(): void {
  if (flagged) return;
  flagged = true;
  setFlagsFromString('--initial-old-space-size=64');
}
