import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseOptions, sh, TempDirs } from '../testing/engine-fixtures.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { runBackupInThread } from './run-phases.js';

// A modification time before 1970 or after 2242-03-16 (past ustar's 11 octal digits) was written
// into the tar header clamped, with no pax record: GNU tar and RESTORE.sh gave a file of 1960
// the time 1970-01-01 and one of 2300 the time 2242-03-16. The time is now in a pax `mtime` record.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const OLD = new Date('1960-01-01T00:00:00Z');
const FUTURE = new Date('2300-01-01T00:00:00Z');
const NORMAL = new Date('2026-11-20T08:30:00Z');

describe('modification times ustar cannot hold', () => {
  it('come back exactly from hotbackup restore, GNU tar and RESTORE.sh', async () => {
    const data = temps.make('times-data');
    mkdirSync(join(data, 'archive'));
    writeFileSync(join(data, 'archive', 'ledger-1960.txt'), 'old\n');
    writeFileSync(join(data, 'archive', 'far-future.txt'), 'future\n');
    writeFileSync(join(data, 'archive', 'today.txt'), 'now\n');
    utimesSync(join(data, 'archive', 'ledger-1960.txt'), OLD, OLD);
    utimesSync(join(data, 'archive', 'far-future.txt'), FUTURE, FUTURE);
    utimesSync(join(data, 'archive', 'today.txt'), NORMAL, NORMAL);
    utimesSync(join(data, 'archive'), OLD, OLD);
    const r = await runBackupInThread(baseOptions(temps.make('times-hb'), [data]));
    expect(r.error).toBeNull();
    const dir = r.backupPath as string;
    const top = data.split('/').pop() as string;
    const check = (root: string) => {
      const at = (n: string) => join(root, top, 'archive', n);
      expect(readFileSync(at('far-future.txt'), 'utf8')).toBe('future\n');
      expect([at('ledger-1960.txt'), at('far-future.txt'), at('today.txt'), join(root, top, 'archive')].map((p) => new Date(statSync(p).mtimeMs).toISOString())).toEqual(
        [OLD, FUTURE, NORMAL, OLD].map((d) => d.toISOString()),
      );
    };
    const to = join(temps.make('times-restore'), 'out');
    const summary = await restoreBackup(join(dir, '../..'), { id: r.id as string, to });
    expect(summary.failed).toEqual([]);
    check(to);
    const g = temps.make('times-gnutar');
    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | tar --warning=no-unknown-keyword --warning=no-timestamp -xzf - -C "${g}"`, dir);
    check(g);
    const s = join(temps.make('times-sh'), 'out');
    sh(`sh RESTORE.sh "${s}" 2>/dev/null`, dir);
    check(s);
  });
});
