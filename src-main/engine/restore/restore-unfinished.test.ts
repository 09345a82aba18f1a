import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { restoreBackup } from './restore-backup.js';
import { UNFINISHED_NAME } from './restore-marker.js';

// A restore ended on the way (killed, a power cut, a full drive, a cancel) left a folder of part of
// the backup that looked like any finished restore. A note is now in the folder while it writes,
// removed when it finishes; the next restore into such a folder says why it is not empty.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('a restore that does not finish', () => {
  it('leaves HOTBACKUP-RESTORE-UNFINISHED.txt; a finished one leaves none', async () => {
    const data = temps.make('unfinished-data');
    mkdirSync(join(data, 'Clients'));
    for (let i = 0; i < 40; i++) writeFileSync(join(data, 'Clients', `scan-${i}.pdf`), randomBytes(200_000));
    const r = await runBackupInThread(baseOptions(temps.make('unfinished-hb'), [data]));
    expect(r.error).toBeNull();
    const hb = join(r.backupPath as string, '../..');

    const whole = join(temps.make('unfinished-ok'), 'out');
    let seen = false;
    await restoreBackup(hb, { id: r.id as string, to: whole }, {
      onProgress: (p) => {
        if (p.step === 'restoring') seen ||= existsSync(join(whole, UNFINISHED_NAME));
      },
    });
    expect(seen).toBe(true);
    expect(readdirSync(whole)).toEqual([data.split('/').pop()]);

    const part = join(temps.make('unfinished-stop'), 'out');
    const abort = new AbortController();
    const stopped = restoreBackup(hb, { id: r.id as string, to: part }, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'restoring' && p.bytesDone > 0) abort.abort(new Error('cancelled by ann'));
      },
    });
    await expect(stopped).rejects.toThrow();
    expect(readdirSync(part)).toContain(UNFINISHED_NAME);
    await expect(restoreBackup(hb, { id: r.id as string, to: part })).rejects.toThrow(`holds a restore that did not finish (${UNFINISHED_NAME}): delete the folder and restore again`);
  });
});
