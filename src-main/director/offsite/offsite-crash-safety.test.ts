import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TempDirs, treeDigest } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { copyView, listCopies } from './offsite-list.js';
import { restoreFromTarget } from './offsite-restore.js';
import { openTarget } from './rclone.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

// Real rclone and age behind thin wrappers: rclone's purge can be "cut by a power cut" (a part
// removed, then the process killed), and age looks for the private key on disk when it starts.
const wrappers = vi.hoisted(() => {
  const fs = process.getBuiltinModule('node:fs');
  const dir = fs.mkdtempSync('/tmp/hb-offsite-wrap-');
  const rclone = `${dir}/rclone`;
  fs.writeFileSync(rclone, `#!/bin/sh
if [ -n "$HB_TEST_CRASH_PURGE" ]; then
  for a in "$@"; do last="$a"; done
  case " $* " in *" purge "*) rm -f "$last"/BACKUP.001; kill -9 $$;; esac
fi
exec rclone "$@"
`, { mode: 0o755 });
  const age = `${dir}/age`;
  fs.writeFileSync(age, `#!/bin/sh
if [ -n "$HB_TEST_KEYSCAN" ]; then grep -rlF "$HB_TEST_KEYSCAN_SECRET" "$HB_TEST_KEYSCAN" >> "$HB_TEST_KEYSCAN_LOG" 2>/dev/null; fi
exec age "$@"
`, { mode: 0o755 });
  process.env.HOTBACKUP_RCLONE = rclone;
  process.env.HOTBACKUP_AGE = age;
  return { dir };
});

const temps = new TempDirs();
afterAll(() => {
  temps.cleanup();
  process.getBuiltinModule('node:fs').rmSync(wrappers.dir, { recursive: true, force: true });
});

describe('offsite copies cut short or made again', () => {
  it('a backup copied again with recipients never looks complete while it changes and leaves none of its clear files on the target', async () => {
    const b = await makeBackup(temps);
    const remote = temps.make('offsite-remote');
    await runCopyJob(jobInput(temps, b, testTarget({ remote })));
    const dir = join(remote, b.id);
    expect(readdirSync(dir)).toContain('MANIFEST.json');
    const key = await keyFile(temps);
    const indexDuringUpload: boolean[] = [];
    await runCopyJob(jobInput(temps, b, testTarget({ remote, recipients: [key.publicKey] }), { onUpload: () => indexDuringUpload.push(existsSync(join(dir, 'OFFSITE.json'))) }));
    expect(indexDuringUpload.length).toBeGreaterThan(0);
    expect(indexDuringUpload.every((present) => !present)).toBe(true);
    const names = readdirSync(dir).sort();
    expect(names.filter((n) => !/^BACKUP\.age\.\d{3}$/.test(n))).toEqual(['HB.LOG.age', 'MANIFEST.json.age', 'OFFSITE.json', 'PLAN.age', 'RESTORE.sh']);
    for (const n of names) if (n !== 'OFFSITE.json' && n !== 'RESTORE.sh') expect(readFileSync(join(dir, n)).toString('latin1')).not.toMatch(/Smith|ledger/);
  });

  it('retention cut short by a power cut leaves the old copy incomplete, never a complete-looking copy with a part missing', async () => {
    const b1 = await makeBackup(temps);
    const b2 = await makeBackup(temps, { folder: b1.folder, data: b1.data });
    const remote = temps.make('offsite-remote');
    const target = testTarget({ remote });
    await runCopyJob(jobInput(temps, b1, target, { seq: 1, keep: 1 }));
    process.env.HB_TEST_CRASH_PURGE = '1';
    try {
      await expect(runCopyJob(jobInput(temps, b2, target, { seq: 2, keep: 1 }))).rejects.toThrow(/rclone was stopped/);
    } finally {
      delete process.env.HB_TEST_CRASH_PURGE;
    }
    expect(existsSync(join(remote, b1.id, 'BACKUP.001'))).toBe(false);
    const t = await openTarget(target, temps.make('offsite-conf'), (s) => s);
    const copies = (await listCopies(t)).map(copyView);
    await t.close();
    expect(copies.find((c) => c.backupId === b1.id)?.complete).toBe(false);
    expect(copies.find((c) => c.backupId === b2.id)?.complete).toBe(true);
  });

  it('a pasted recovery key is never written to disk during a restore (a restore cut short leaves no key behind)', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-remote');
    const target = testTarget({ remote, recipients: [key.publicKey] });
    await runCopyJob(jobInput(temps, b, target));
    const parent = temps.make('offsite-rr');
    const scanLog = join(temps.make('offsite-scan'), 'found.txt');
    writeFileSync(scanLog, '');
    chmodSync(scanLog, 0o600);
    process.env.HB_TEST_KEYSCAN = parent;
    process.env.HB_TEST_KEYSCAN_LOG = scanLog;
    process.env.HB_TEST_KEYSCAN_SECRET = /AGE-SECRET-KEY-1\w+/.exec(readFileSync(key.file, 'utf8'))![0];
    try {
      const to = join(parent, 'restored');
      const summary = await restoreFromTarget({ target, backupId: b.id, to, identity: readFileSync(key.file, 'utf8'), workDir: temps.make('offsite-rwork'), openSecret: (s) => s });
      expect(summary.checked).toBe(true);
      expect(treeDigest(join(to, b.data.split('/').pop()!))).toEqual(treeDigest(b.data));
    } finally {
      delete process.env.HB_TEST_KEYSCAN;
      delete process.env.HB_TEST_KEYSCAN_LOG;
      delete process.env.HB_TEST_KEYSCAN_SECRET;
    }
    expect(readFileSync(scanLog, 'utf8')).toBe('');
  });
});
