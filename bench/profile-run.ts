// One HotBackup run in a process of its own (started by bench/run.ts under `node --cpu-prof`), so its
// CPU profiles hold nothing but this run. Prints the phase timeline: for each phase its start
// (µs on the clock V8's profiles use) and the process's CPU seconds (all threads) at that point.
import { resolve } from 'node:path';
import { GIB } from '../shared/settings.js';
import type { Phase } from '../shared/status.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { endedChildrenCpuSeconds } from './measure.js';

const [data, compression, folder, workerEntry] = process.argv.slice(2) as [string, 'none' | 'gzip', string, string];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
// With the CPU of the run's SQLite helper process once it has ended (it copies and checks the databases).
const cpuS = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6 + endedChildrenCpuSeconds();
};
const timeline: { phase: Phase | 'end'; atUs: number; cpuS: number }[] = [];
const r = await runBackup({
  hotBackupFolder: resolve(folder), dataDirectories: [{ path: resolve(data), label: '', exclude: [] }],
  settings: { compression, volumeSize: GIB, settleAttempts: 5, includeUnsettled: false },
  trigger: 'On Demand', user: 'bench', task: 'profile', workerEntry: resolve(workerEntry),
  onProgress: (e) => {
    if (timeline.at(-1)?.phase !== e.phase) timeline.push({ phase: e.phase, atUs: nowUs(), cpuS: cpuS() });
  },
});
timeline.push({ phase: 'end', atUs: nowUs(), cpuS: cpuS() });
if (r.result !== 'Succeeded') throw new Error(`HotBackup (${compression}) failed: ${r.error}`);
process.stdout.write(JSON.stringify({ timeline }) + '\n');
