// npm run bench:files — peak RSS and time per file of HotBackup on a set of many small files,
// backup and restore, against `tar -czf` and `tar -xzf` on the same set in the same run.
// BENCH_FILES (default 100000, e.g. 1000000), BENCH_FILE_BYTES (default 0: empty files),
// BENCH_DIR (default bench/data) where the set and the backups go (tmpfs is fine).
// Browse is measured twice: in this process after the backup and the restore, and in a fresh one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GIB } from '../shared/settings.js';
import type { Phase } from '../shared/status.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { restoreBackup } from '../src-main/engine/restore/restore-backup.js';
import { loadBrowsableBackup } from '../src-main/engine/browse/browse-backup.js';
import { queryBrowse } from '../src-main/engine/browse/browse-query.js';
import { bundleWorker } from './bundle-worker.js';
import { shell, timed } from './measure.js';
import { makeManyFiles } from './small-files.js';

const count = Number(process.env.BENCH_FILES ?? 100_000);
const fileBytes = Number(process.env.BENCH_FILE_BYTES ?? 0);
const root = process.env.BENCH_DIR ?? join(dirname(new URL(import.meta.url).pathname), 'data');
const mb = (n: number) => Math.round(n / 1024 / 1024);

/** Peak RSS of this process (the backup worker is a thread of it) while `fn` runs, and at each phase's end. */
async function withPeakRss<T>(fn: (phaseSeen: (p: string) => void) => Promise<T>): Promise<{ value: T; peakMb: number; phases: Record<string, number> }> {
  let peak = process.memoryUsage.rss();
  let phasePeak = peak;
  let current = '';
  const phases: Record<string, number> = {};
  const sample = () => {
    const r = process.memoryUsage.rss();
    peak = Math.max(peak, r);
    phasePeak = Math.max(phasePeak, r);
  };
  const sampler = setInterval(sample, 20);
  const phaseSeen = (p: string) => {
    if (p === current) return;
    sample();
    if (current) phases[current] = mb(phasePeak);
    current = p;
    phasePeak = process.memoryUsage.rss();
  };
  try {
    const value = await fn(phaseSeen);
    sample();
    if (current) phases[current] = mb(phasePeak);
    return { value, peakMb: mb(peak), phases };
  } finally {
    clearInterval(sampler);
  }
}

export interface ManyFilesFigures {
  files: number;
  fileBytes: number;
  tarCzfSeconds: number;
  tarCzfCpuSeconds: number;
  backupSeconds: number;
  backupCpuSeconds: number;
  backupPeakRssMb: number;
  backupPhasePeakRssMb: Record<string, number>;
  tarXzfSeconds: number;
  tarXzfCpuSeconds: number;
  restoreSeconds: number;
  restoreCpuSeconds: number;
  restorePeakRssMb: number;
  /** Browse: open the backup and list one folder of 1,000 files (first page). */
  browseSeconds: number;
  browseCpuSeconds: number;
  browsePeakRssMb: number;
  /** The same Browse in a fresh process of its own (node with tsx loaded): its peak RSS, and its RSS before opening the backup. */
  browseFreshSeconds: number;
  browseFreshCpuSeconds: number;
  browseFreshPeakRssMb: number;
  browseFreshStartRssMb: number;
  perFileRatio: number;
  restoreRatio: number;
}

/** What the console's Browse does for one folder: open the backup, list the top, then one folder of the set. */
async function browseOneFolder(folder: string, id: string): Promise<number> {
  const b = await loadBrowsableBackup(folder, id);
  const q = { search: '', sort: 'name' as const, direction: 'ascending' as const, offset: 0, limit: 100 };
  const top = queryBrowse(b.index, { ...q, folder: '' }).rows[0];
  if (!top) throw new Error('browse: the backup lists no folder');
  const inner = queryBrowse(b.index, { ...q, folder: top.path }).rows[0];
  const rows = queryBrowse(b.index, { ...q, folder: inner?.path ?? top.path });
  return rows.total;
}

interface FreshBrowse {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  startMb: number;
}

/** Browse in a process of its own (this file with `--browse`): what opening a backup costs without a backup and a restore before it. */
function browseInFreshProcess(folder: string, id: string): FreshBrowse {
  const self = new URL(import.meta.url).pathname;
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--browse', folder, id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`browse in a fresh process failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as FreshBrowse;
}

/** The `--browse` child: open the backup, list one folder; its peak RSS from the kernel's count (maxRSS). */
async function browseChild(folder: string, id: string): Promise<void> {
  const startMb = mb(process.memoryUsage.rss());
  const t = await timed(() => browseOneFolder(folder, id));
  const figures: FreshBrowse = { seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakMb: Math.round(process.resourceUsage().maxRSS / 1024), startMb };
  console.log(JSON.stringify(figures));
}

/** One measured round over `count` files: `tar -czf`, HotBackup gzip, `tar -xzf`, `hotbackup restore`. */
export async function measureManyFiles(dir: string, n: number, bytesEach: number, workerEntry: string): Promise<ManyFilesFigures> {
  const set = makeManyFiles(dir, n, bytesEach);
  const out = join(dir, `out-files-${n}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'tar'), { recursive: true });
  shell(`tar -cf /dev/null -C "${dirname(set)}" "${basename(set)}"`);
  const tarC = await timed(() => shell(`tar -czf "${out}/tar/set.tgz" -C "${dirname(set)}" "${basename(set)}"; sync`));
  const folder = join(out, 'hb');
  mkdirSync(folder, { recursive: true });
  const b = await withPeakRss((seen) =>
    timed(() =>
      runBackup({
        hotBackupFolder: folder, dataDirectories: [{ path: set, label: '', exclude: [] }],
        settings: { compression: 'gzip', volumeSize: GIB, settleAttempts: 5, includeUnsettled: false },
        trigger: 'On Demand', user: 'bench', task: 'bench', workerEntry,
        onProgress: (e: { phase: Phase }) => seen(e.phase),
      }),
    ),
  );
  const run = b.value.value;
  if (run.result !== 'Succeeded') throw new Error(`HotBackup failed: ${run.error}`);
  mkdirSync(join(out, 'tar-x'));
  const tarX = await timed(() => shell(`tar -xzf "${out}/tar/set.tgz" -C "${out}/tar-x"; sync`));
  const r = await withPeakRss(() => timed(() => restoreBackup(folder, { id: run.id as string, to: join(out, 'restored') })));
  if (r.value.value.files !== n) throw new Error(`restore brought back ${r.value.value.files} of ${n} files`);
  const br = await withPeakRss(() => timed(() => browseOneFolder(folder, run.id as string)));
  const fresh = browseInFreshProcess(folder, run.id as string);
  rmSync(out, { recursive: true, force: true });
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    files: n, fileBytes: bytesEach,
    tarCzfSeconds: r2(tarC.seconds), tarCzfCpuSeconds: r2(tarC.value), backupSeconds: r2(b.value.seconds), backupCpuSeconds: r2(b.value.cpuSeconds),
    backupPeakRssMb: b.peakMb, backupPhasePeakRssMb: b.phases,
    tarXzfSeconds: r2(tarX.seconds), tarXzfCpuSeconds: r2(tarX.value), restoreSeconds: r2(r.value.seconds), restoreCpuSeconds: r2(r.value.cpuSeconds), restorePeakRssMb: r.peakMb,
    browseSeconds: r2(br.value.seconds), browseCpuSeconds: r2(br.value.cpuSeconds), browsePeakRssMb: br.peakMb,
    browseFreshSeconds: r2(fresh.seconds), browseFreshCpuSeconds: r2(fresh.cpuSeconds), browseFreshPeakRssMb: fresh.peakMb, browseFreshStartRssMb: fresh.startMb,
    perFileRatio: r2(b.value.seconds / tarC.seconds), restoreRatio: r2(r.value.seconds / tarX.seconds),
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--browse');
  if (at > 0) return browseChild(process.argv[at + 1] as string, process.argv[at + 2] as string);
  mkdirSync(root, { recursive: true });
  // The worker is bundled next to the bench (not in BENCH_DIR, which may be a tmpfs outside the
  // project) so that it finds better-sqlite3 in the project's node_modules.
  const benchData = join(dirname(new URL(import.meta.url).pathname), 'data');
  mkdirSync(benchData, { recursive: true });
  const workerEntry = await bundleWorker(benchData);
  console.log(`${count} files of ${fileBytes} bytes in ${root} ...`);
  const f = await measureManyFiles(root, count, fileBytes, workerEntry);
  console.log(JSON.stringify(f, null, 2));
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await main();
