// One restore in a process of its own, to run under `node --cpu-prof` (as profile-run.ts for a backup):
// node --cpu-prof --cpu-prof-dir=P --import tsx bench/profile-restore.ts <HotBackup folder> <backup id> <to>
// Prints wall and CPU seconds and the peak RSS (the kernel's maxRSS).
import { resolve } from 'node:path';
import { restoreBackup } from '../src-main/engine/restore/restore-backup.js';

const [folder, id, to] = process.argv.slice(2) as [string, string, string];
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const r = await restoreBackup(resolve(folder), { id, to: resolve(to) });
const c = process.cpuUsage(c0);
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ files: r.files, wallSeconds: wall, cpuSeconds: (c.user + c.system) / 1e6, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
