// npm run bench — HotBackup against tar | split, tar | pigz | split, restic and borg on the same data
// in the same run; restores against cat | tar -xz; one file out of the backup; a 100,000-file set;
// the time until a yellow request is released; a SQLite writer's commit latency during a backup;
// a million empty files (peak RSS, backup and restore).
// BENCH_SIZE_MB shrinks the data set, BENCH_ROUNDS the rounds, BENCH_SMALL_FILES the small-file set,
// BENCH_MANY_FILES the empty-file set (0 leaves it out).
import { cpus, loadavg, totalmem, release } from 'node:os';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { GIB } from '../shared/settings.js';
import type { Phase } from '../shared/status.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { restoreBackup } from '../src-main/engine/restore/restore-backup.js';
import { bundleWorker } from './bundle-worker.js';
import { phaseBreakdown, type PhaseBreakdown, type TimelinePoint } from './cpu-profile.js';
import { makeDataSet } from './make-data.js';
import { folderBytes, percentile, shell, startWriter, timed } from './measure.js';
import { measureManyFiles } from './many-files.js';
import { makeSmallFiles } from './small-files.js';
import { ensureTools } from './tools.js';

const sizeMb = Number(process.env.BENCH_SIZE_MB ?? 1024);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const smallCount = Number(process.env.BENCH_SMALL_FILES ?? 100_000);
const manyCount = Number(process.env.BENCH_MANY_FILES ?? 1_000_000);
const cores = cpus().length;
let workerEntry = '';
const here = dirname(new URL(import.meta.url).pathname);
const root = join(here, 'data');
const out = join(root, 'out');

interface Measured { name: string; seconds: number; cpuSeconds: number; outBytes?: number; note?: string }

interface HbRun { seconds: number; cpuSeconds: number; phases: Record<string, number>; id: string; snapshotSeconds: number; peakRssMb: number }

async function hotBackup(data: string, compression: 'none' | 'gzip', folder: string): Promise<HbRun> {
  mkdirSync(folder, { recursive: true });
  const phases: Record<string, number> = {};
  let last: { phase: Phase; at: bigint } | null = null;
  const t0 = process.hrtime.bigint();
  let snapshotAt = 0n;
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const { seconds, cpuSeconds, value } = await timed(() =>
      runBackup({
        hotBackupFolder: folder, dataDirectories: [{ path: data, label: '', exclude: [] }],
        settings: { compression, volumeSize: GIB, settleAttempts: 5, includeUnsettled: false },
        trigger: 'On Demand', user: 'bench', task: 'bench', workerEntry,
        onSnapshot: () => (snapshotAt = process.hrtime.bigint()),
        onProgress: (e) => {
          if (last?.phase === e.phase) return;
          const now = process.hrtime.bigint();
          if (last) phases[last.phase] = (phases[last.phase] ?? 0) + Number(now - last.at) / 1e9;
          last = { phase: e.phase, at: now };
        },
      }),
    );
    if (value.result !== 'Succeeded') throw new Error(`HotBackup (${compression}) failed: ${value.error}`);
    const r2 = (v: number) => Math.round(v * 100) / 100;
    return { seconds, cpuSeconds, id: value.id as string, phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, r2(v)])), snapshotSeconds: r2(Number(snapshotAt - t0) / 1e9), peakRssMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(sampler);
  }
}

/** One more run of each compression in a process of its own under `node --cpu-prof`: CPU by phase and where it goes. */
function profiledRun(data: string, compression: 'none' | 'gzip'): PhaseBreakdown[] {
  const dir = join(out, `prof-${compression}`);
  const folder = join(out, `hb-prof-${compression}`);
  mkdirSync(folder, { recursive: true });
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', join(here, 'profile-run.ts'), data, compression, folder, workerEntry], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`the profiled ${compression} run failed (exit ${r.status})`);
  const timeline = (JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as { timeline: TimelinePoint[] }).timeline;
  const breakdown = phaseBreakdown(dir, timeline).filter((b) => b.wallS >= 0.01 || b.cpuS >= 0.01);
  rmSync(dir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
  return breakdown;
}

function printBreakdown(title: string, b: PhaseBreakdown[]): void {
  const sum = (k: 'wallS' | 'cpuS') => b.reduce((s, x) => s + x[k], 0).toFixed(2);
  console.log(`\n${title} (wall ${sum('wallS')} s, CPU ${sum('cpuS')} s, one run under --cpu-prof)\n`);
  console.log('| phase | wall | CPU (all threads) | where it goes (sampled time per function, all JS threads) |\n|---|---:|---:|---|');
  for (const x of b) console.log(`| ${x.phase} | ${x.wallS.toFixed(2)} s | ${x.cpuS.toFixed(2)} s | ${x.top.filter((t) => t.s >= 0.01).map((t) => `${t.what.replace(/\|/g, '\\|')} ${t.s.toFixed(2)}`).join('; ')} |`);
}

const volumesIn = (dir: string) => readdirSync(dir).filter((n) => /^BACKUP\.\d+$/.test(n)).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7))).map((n) => `"${join(dir, n)}"`).join(' ');

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  const tools = ensureTools();
  console.log(`Preparing a ${sizeMb} MB data set in ${root} ...`);
  const set = makeDataSet(root, sizeMb);
  const dataBytes = folderBytes(set.dir);
  const parent = dirname(set.dir);
  const name = basename(set.dir);
  const clean = () => rmSync(out, { recursive: true, force: true });
  clean();
  workerEntry = await bundleWorker(root);
  shell(`tar -cf /dev/null -C "${parent}" "${name}"`); // warm the page cache: every run reads from memory alike

  const best = new Map<string, Measured & { hb?: HbRun }>();
  const keep = (m: Measured & { hb?: HbRun }) => {
    const b = best.get(m.name);
    if (!b || m.seconds < b.seconds) best.set(m.name, m);
  };
  const shellRun = async (label: string, cmd: string, dir: string) => {
    mkdirSync(dir, { recursive: true });
    const t = await timed(() => shell(cmd));
    keep({ name: label, seconds: t.seconds, cpuSeconds: t.value, outBytes: folderBytes(dir) });
  };
  const T = `tar -cf - -C "${parent}" "${name}"`;
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round} of ${rounds}`);
    clean();
    await shellRun('tar -cf | split', `${T} | split -b ${GIB} -d -a 3 - "${out}/t/BACKUP."; sync`, join(out, 't'));
    if (tools.pigz) await shellRun(`tar | pigz -1 -p${cores} | split`, `${T} | pigz -1 -p${cores} | split -b ${GIB} -d -a 3 - "${out}/p/BACKUP."; sync`, join(out, 'p'));
    for (const c of ['none', 'gzip'] as const) {
      const folder = join(out, `hb-${c}`);
      const hb = await hotBackup(set.dir, c, folder);
      keep({ name: `HotBackup ${c}`, seconds: hb.seconds, cpuSeconds: hb.cpuSeconds, outBytes: folderBytes(folder), hb });
    }
    if (tools.restic) {
      const repo = join(out, 'restic');
      shell(`RESTIC_PASSWORD=bench restic init -q -r "${repo}"`);
      await shellRun('restic first backup', `RESTIC_PASSWORD=bench restic backup -q -r "${repo}" "${set.dir}"`, repo);
    }
    if (tools.borg) {
      const repo = join(out, 'borg');
      shell(`BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes borg init -e none "${repo}"`);
      await shellRun('borg create (lz4)', `BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes borg create --compression lz4 "${repo}::a" "${set.dir}"`, repo);
    }
    // Restores of this round's HotBackup gzip backup.
    const gz = best.get('HotBackup gzip')?.hb as HbRun;
    const bdir = join(out, 'hb-gzip', 'Recent');
    const id = readdirSync(bdir)[0] as string;
    const vols = volumesIn(join(bdir, id));
    await shellRun('restore: cat | tar -xz', `mkdir -p "${out}/r1" && cat ${vols} | tar -xzf - -C "${out}/r1"`, join(out, 'r1'));
    if (tools.pigz) await shellRun('restore: cat | pigz -d | tar -x', `mkdir -p "${out}/r2" && cat ${vols} | pigz -d | tar -xf - -C "${out}/r2"`, join(out, 'r2'));
    const r = await timed(() => restoreBackup(join(out, 'hb-gzip'), { id, to: join(out, 'r3') }));
    keep({ name: 'restore: hotbackup restore', seconds: r.seconds, cpuSeconds: r.cpuSeconds });
    const one = `${name}/documents/client-000/year-2015/letter-0.txt`;
    const s = await timed(() => restoreBackup(join(out, 'hb-gzip'), { id, to: join(out, 'r4'), paths: [one] }));
    if (s.value.files !== 1) throw new Error(`single-file restore restored ${s.value.files} files`);
    keep({ name: 'restore: one small file', seconds: s.seconds, cpuSeconds: s.cpuSeconds });
    void gz;
  }
  clean();

  // Per-phase CPU profiles of one run each.
  console.log('Profiling one run of each compression ...');
  const profiles = { gzip: profiledRun(set.dir, 'gzip'), none: profiledRun(set.dir, 'none') };
  clean();

  // Many small files.
  console.log(`Preparing ${smallCount} small files ...`);
  const small = makeSmallFiles(root, smallCount);
  shell(`tar -cf /dev/null -C "${dirname(small)}" "${basename(small)}"`);
  await shellRun(`${smallCount} files: tar -czf | split`, `tar -czf - -C "${dirname(small)}" "${basename(small)}" | split -b ${GIB} -d -a 3 - "${out}/s/BACKUP."; sync`, join(out, 's'));
  const sh = await hotBackup(small, 'gzip', join(out, 'hb-small'));
  keep({ name: `${smallCount} files: HotBackup gzip`, seconds: sh.seconds, cpuSeconds: sh.cpuSeconds, outBytes: folderBytes(join(out, 'hb-small')), note: `peak RSS ${sh.peakRssMb} MB`, hb: sh });
  clean();

  // A million empty files (issue 16, point 5): peak RSS and time per file, backup and restore (bench/many-files.ts).
  const many = manyCount > 0 ? await measureManyFiles(root, manyCount, 0, workerEntry) : null;
  if (many) {
    console.log(`${manyCount} empty files: ${JSON.stringify(many)}`);
    keep({ name: `${manyCount} empty files: tar -czf`, seconds: many.tarCzfSeconds, cpuSeconds: many.tarCzfCpuSeconds });
    keep({ name: `${manyCount} empty files: HotBackup gzip`, seconds: many.backupSeconds, cpuSeconds: many.backupCpuSeconds, note: `peak RSS ${many.backupPeakRssMb} MB` });
    keep({ name: `${manyCount} empty files: tar -xzf`, seconds: many.tarXzfSeconds, cpuSeconds: many.tarXzfCpuSeconds });
    keep({ name: `${manyCount} empty files: hotbackup restore`, seconds: many.restoreSeconds, cpuSeconds: many.restoreCpuSeconds, note: `peak RSS ${many.restorePeakRssMb} MB` });
  }

  // The writer's commit latency alone, then while a HotBackup (gzip) runs over the same data.
  const liveDb = join(set.dir, 'live-writer.db');
  const idleWriter = await startWriter(liveDb);
  await new Promise((res) => setTimeout(res, Math.max(3000, (best.get('HotBackup gzip')?.seconds ?? 3) * 1000)));
  const idle = await idleWriter.stop();
  const busyWriter = await startWriter(liveDb);
  await hotBackup(set.dir, 'gzip', join(out, 'hb-writer'));
  const busy = await busyWriter.stop();
  clean();
  for (const f of [liveDb, `${liveDb}-wal`, `${liveDb}-shm`]) rmSync(f, { force: true });
  const stats = (l: number[]) => ({ commits: l.length, p50ms: Math.round(percentile(l, 50) * 1000) / 1000, p99ms: Math.round(percentile(l, 99) * 1000) / 1000 });
  const writer = { idle: stats(idle), duringBackup: stats(busy) };

  const g = (n: string) => best.get(n);
  const ratio = (a: string, b: string) => (g(a) && g(b) ? Math.round(((g(a) as Measured).seconds / (g(b) as Measured).seconds) * 100) / 100 : null);
  const ratios = {
    'HotBackup gzip / restic first backup': ratio('HotBackup gzip', 'restic first backup'),
    'HotBackup gzip / tar | pigz -1 | split': ratio('HotBackup gzip', `tar | pigz -1 -p${cores} | split`),
    'HotBackup none / tar -cf | split': ratio('HotBackup none', 'tar -cf | split'),
    'hotbackup restore / cat | tar -xz': ratio('restore: hotbackup restore', 'restore: cat | tar -xz'),
    [`${smallCount} files: HotBackup gzip / tar -czf`]: ratio(`${smallCount} files: HotBackup gzip`, `${smallCount} files: tar -czf | split`),
    [`${manyCount} empty files: HotBackup gzip / tar -czf`]: ratio(`${manyCount} empty files: HotBackup gzip`, `${manyCount} empty files: tar -czf`),
    [`${manyCount} empty files: hotbackup restore / tar -xzf`]: ratio(`${manyCount} empty files: hotbackup restore`, `${manyCount} empty files: tar -xzf`),
    'writer p99 during backup / idle': Math.round((writer.duringBackup.p99ms / writer.idle.p99ms) * 100) / 100,
  };
  const gzRun = g('HotBackup gzip')?.hb;
  const noneRun = g('HotBackup none')?.hb;
  console.log(`\n${(dataBytes / 1e6).toFixed(0)} MB (${set.files} files + a ${(set.dbBytes / 1e6).toFixed(0)} MB database), best of ${rounds}, ${cores} cores\n`);
  console.log('| run | wall | CPU | output |\n|---|---:|---:|---:|');
  for (const m of best.values()) console.log(`| ${m.name.replace(/\|/g, '\\|')} | ${m.seconds.toFixed(2)} s | ${m.cpuSeconds.toFixed(2)} s | ${m.outBytes !== undefined ? `${(m.outBytes / 1e6).toFixed(0)} MB` : ''}${m.note ? ` (${m.note})` : ''} |`);
  console.log('\n| ratio (wall) | value |\n|---|---:|');
  for (const [k, v] of Object.entries(ratios)) console.log(`| ${k.replace(/\|/g, '\\|')} | ${v ?? 'n/a'}× |`);
  console.log(`\nYellow request released (snapshot point passed) after ${gzRun?.snapshotSeconds} s (gzip run), ${noneRun?.snapshotSeconds} s (none run).`);
  console.log(`SQLite writer commit latency: idle p50 ${writer.idle.p50ms} ms, p99 ${writer.idle.p99ms} ms; during a HotBackup gzip p50 ${writer.duringBackup.p50ms} ms, p99 ${writer.duringBackup.p99ms} ms.`);
  console.log(`Phases, HotBackup gzip (wall s): ${JSON.stringify(gzRun?.phases)}`);
  console.log(`Phases, HotBackup none (wall s): ${JSON.stringify(noneRun?.phases)}`);
  printBreakdown('CPU profile by phase, HotBackup gzip', profiles.gzip);
  printBreakdown('CPU profile by phase, HotBackup none', profiles.none);

  const machine = { cpus: cores, cpu: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / GIB), node: process.version, platform: `${process.platform} ${release()}` };
  const result = { at: new Date().toISOString(), machine, loadAverage: loadavg().map((x) => Math.round(x * 10) / 10), rounds, sizeMb, dataBytes, files: set.files, smallFiles: smallCount, manyFiles: many, runs: [...best.values()], ratios, writer, profiles, tools };
  const resultsDir = join(here, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${sizeMb}mb-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`Results: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
