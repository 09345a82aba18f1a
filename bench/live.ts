// npm run bench:live — the two figures a user at work notices while a backup runs, repeated so a
// shared machine's noise shows: the time from the run's start to "snapshot point passed" (a yellow
// request is released then) with the wall time of each phase before it, the red path's wall time
// (the whole gzip run, nobody writing), and a separate SQLite writer's commit latency alone and
// during a gzip backup, measured back to back in each round.
// BENCH_SIZE_MB (default 1024), BENCH_ROUNDS (default 3), BENCH_WRITER_ONLY=1 / BENCH_YELLOW_ONLY=1.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GIB } from '../shared/settings.js';
import type { Phase } from '../shared/status.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { bundleWorker } from './bundle-worker.js';
import { makeDataSet } from './make-data.js';
import { percentile, shell, startWriter, timed } from './measure.js';

const sizeMb = Number(process.env.BENCH_SIZE_MB ?? 1024);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const here = dirname(new URL(import.meta.url).pathname);
const root = join(here, 'data');
const out = join(root, 'out-live');

interface Timed { wallS: number; cpuS: number; snapshotS: number; phases: [Phase, number][] }

/**
 * As the Director does: one engine worker started ahead of the run (after the last run ended,
 * so ready by the time the next is asked for). Left out with BENCH_COLD=1, or where the engine has none.
 */
async function warm(workerEntry: string): Promise<void> {
  if (process.env.BENCH_COLD) return;
  const mod = (await import('../src-main/engine/worker/warm-worker.js').catch(() => null)) as { warmBackupWorker?: (e: string) => { on(ev: 'message', f: (m: { type: string }) => void): void } | null } | null;
  const w = mod?.warmBackupWorker?.(workerEntry);
  if (w) await new Promise<void>((resolve) => (w.on('message', (m) => m.type === 'ready' && resolve()), setTimeout(resolve, 5000)));
}

async function backup(data: string, workerEntry: string): Promise<Timed> {
  await warm(workerEntry);
  const folder = join(out, `hb-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  const t0 = process.hrtime.bigint();
  const at = () => Math.round(Number(process.hrtime.bigint() - t0) / 1e6) / 1000;
  let snapshotS = NaN;
  const phases: [Phase, number][] = [];
  const r = await timed(() =>
    runBackup({
      hotBackupFolder: folder, dataDirectories: [{ path: data, label: '', exclude: [] }],
      settings: { compression: 'gzip', volumeSize: GIB, settleAttempts: 5, includeUnsettled: false },
      trigger: 'On Demand', user: 'bench', task: 'bench', workerEntry,
      onSnapshot: () => (snapshotS = at()),
      onProgress: (e) => {
        if (phases.at(-1)?.[0] !== e.phase) phases.push([e.phase, at()]);
      },
    }),
  );
  rmSync(folder, { recursive: true, force: true });
  if (r.value.result !== 'Succeeded') throw new Error(`HotBackup failed: ${r.value.error}`);
  return { wallS: r.seconds, cpuS: r.cpuSeconds, snapshotS, phases };
}

const stats = (l: number[]) => ({ commits: l.length, p50ms: Math.round(percentile(l, 50) * 1000) / 1000, p99ms: Math.round(percentile(l, 99) * 1000) / 1000 });
const load = () => loadavg()[0]?.toFixed(1);

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  const set = makeDataSet(root, sizeMb);
  const workerEntry = await bundleWorker(root);
  shell(`tar -cf /dev/null -C "${dirname(set.dir)}" "${basename(set.dir)}"`);
  const liveDb = join(set.dir, 'live-writer.db');
  const results: unknown[] = [];
  console.log(`${sizeMb} MB set (${set.files} files, ${(set.dbBytes / 1e6).toFixed(0)} MB database), ${cpus().length} cores, ${rounds} rounds`);
  for (let round = 1; round <= rounds; round++) {
    const row: Record<string, unknown> = { round };
    if (!process.env.BENCH_WRITER_ONLY) {
      row.loadBefore = load();
      const red = await backup(set.dir, workerEntry);
      row.red = red;
      console.log(`round ${round} (load ${row.loadBefore}): red ${red.wallS.toFixed(2)} s wall, ${red.cpuS.toFixed(2)} CPU s; yellow released at ${red.snapshotS.toFixed(2)} s; phases ${red.phases.filter(([, t]) => t <= red.snapshotS + 0.5).map(([p, t]) => `${p}@${t.toFixed(2)}`).join(', ')}`);
    }
    if (!process.env.BENCH_YELLOW_ONLY) {
      const w = await startWriter(liveDb);
      await new Promise((res) => setTimeout(res, 8000));
      const idle = stats(await w.stop());
      const w2 = await startWriter(liveDb);
      const busyLoad = load();
      const b = await backup(set.dir, workerEntry);
      const busy = stats(await w2.stop());
      for (const f of [liveDb, `${liveDb}-wal`, `${liveDb}-shm`]) rmSync(f, { force: true });
      row.writer = { idle, busy, ratio: Math.round((busy.p99ms / idle.p99ms) * 100) / 100, load: busyLoad, backupWallS: b.wallS };
      console.log(`round ${round} (load ${busyLoad}): writer p99 idle ${idle.p99ms} ms, during backup ${busy.p99ms} ms (${(busy.p99ms / idle.p99ms).toFixed(2)}×), p50 ${idle.p50ms} → ${busy.p50ms} ms; backup ${b.wallS.toFixed(2)} s, yellow at ${b.snapshotS.toFixed(2)} s`);
    }
    results.push(row);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `live-${sizeMb}mb-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), sizeMb, loadAverage: loadavg(), results }, null, 2) + '\n');
  console.log(`Results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
