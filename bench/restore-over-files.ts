// npm run bench:restore-over — peak RSS of a restore over live data of a backup of many empty files
// (issue 16 point 5: flat memory on every restore path). `--prepare` makes the set (1,000 to a
// folder) and backs it up signed; a plain run restores the backup over the set, in this process,
// and prints the kernel's peak RSS (maxRSS). BENCH_FILES (default 100000), BENCH_DIR (default
// bench/data; tmpfs is fine), BENCH_HB_DIR (default BENCH_DIR) for the HotBackup folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GIB } from '../shared/settings.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { restoreOver } from '../src-main/engine/restore/restore-over.js';
import { bundleWorker } from './bundle-worker.js';
import { timed } from './measure.js';
import { makeManyFiles } from './small-files.js';

const count = Number(process.env.BENCH_FILES ?? 100_000);
// The worker is bundled inside the package, where it finds better-sqlite3.
const benchData = join(dirname(new URL(import.meta.url).pathname), 'data');
const root = process.env.BENCH_DIR ?? benchData;
const KEY = Buffer.alloc(32, 9);
// The HotBackup folder may not lie under /dev (a tmpfs there is refused as a system view).
const hbRoot = process.env.BENCH_HB_DIR ?? root;
const idFile = join(hbRoot, `restore-over-${count}.id`);
const hbFolder = join(hbRoot, `hb-restore-over-${count}`);
const configured = (set: string) => [{ id: 'bench-dir', path: set, label: 'bench', exclude: [] }];

async function prepare(): Promise<void> {
  mkdirSync(root, { recursive: true });
  mkdirSync(benchData, { recursive: true });
  const set = makeManyFiles(root, count, 0);
  const folder = hbFolder;
  mkdirSync(folder, { recursive: true });
  const run = await runBackup({
    hotBackupFolder: folder, dataDirectories: configured(set),
    settings: { compression: 'gzip', volumeSize: GIB, settleAttempts: 5, includeUnsettled: false },
    trigger: 'On Demand', user: 'bench', task: 'bench', workerEntry: await bundleWorker(benchData), manifestKey: KEY,
  });
  if (run.result !== 'Succeeded') throw new Error(`HotBackup failed: ${run.error}`);
  writeFileSync(idFile, run.id as string);
  console.log(`backup ${run.id} of ${count} files in ${folder}`);
}

async function measure(): Promise<void> {
  const set = join(root, `files-${count}-0`);
  const id = readFileSync(idFile, 'utf8');
  const t = await timed(() => restoreOver(hbFolder, { id }, { configDir: join(hbRoot, 'restore-over-config'), configured: configured(set), manifestKey: KEY }));
  console.log(JSON.stringify({ files: t.value.files, seconds: Math.round(t.seconds * 10) / 10, cpuSeconds: Math.round(t.cpuSeconds * 10) / 10, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

if (process.argv.includes('--prepare')) await prepare();
else await measure();
