import { chmodSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { restoreBackup } from './restore-backup.js';

// Folder modes and times are set last, but the symbolic links were made after them: every folder
// holding a link came back with the time of the restore (and a read-only one would refuse the link
// to an account that is not root). Links are now made before the folders are finished.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const T = new Date('2024-03-01T10:00:00Z');

describe('a folder that holds symbolic links', () => {
  it('comes back with its own time and mode', async () => {
    const data = temps.make('links-data');
    mkdirSync(join(data, 'Clients'));
    writeFileSync(join(data, 'Clients', 'smith.txt'), 'Smith\n');
    symlinkSync('smith.txt', join(data, 'Clients', 'latest'));
    mkdirSync(join(data, 'Clients', 'sealed'));
    symlinkSync('../smith.txt', join(data, 'Clients', 'sealed', 'current'));
    chmodSync(join(data, 'Clients', 'sealed'), 0o555);
    for (const d of ['Clients/sealed', 'Clients']) utimesSync(join(data, d), T, T);
    const r = await runBackupInThread(baseOptions(temps.make('links-hb'), [data]));
    expect(r.error).toBeNull();
    const to = join(temps.make('links-restore'), 'out');
    const summary = await restoreBackup(join(r.backupPath as string, '../..'), { id: r.id as string, to });
    expect(summary.failed).toEqual([]);
    const top = join(to, data.split('/').pop() as string);
    expect(readlinkSync(join(top, 'Clients', 'latest'))).toBe('smith.txt');
    expect(readlinkSync(join(top, 'Clients', 'sealed', 'current'))).toBe('../smith.txt');
    expect([lstatSync(join(top, 'Clients')).mtimeMs, lstatSync(join(top, 'Clients', 'sealed')).mtimeMs]).toEqual([T.getTime(), T.getTime()]);
    expect(lstatSync(join(top, 'Clients', 'sealed')).mode & 0o777).toBe(0o555);
    chmodSync(join(top, 'Clients', 'sealed'), 0o755);
    chmodSync(join(data, 'Clients', 'sealed'), 0o755);
  });
});
