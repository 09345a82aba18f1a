import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { checkCopy } from './offsite-check.js';
import { openTarget, rclone, remoteJoin } from './rclone.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';
import { serveRemote } from './testing/rclone-serve.js';

// `offsite check`: a copy on the target checked again against its OFFSITE.json without the key.
// Real rclone to a local folder (rclone lists its SHA-256) and to a WebDAV server on 127.0.0.1
// (no hashes: the parts are downloaded and hashed), real age.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** The file with one byte changed in the middle (same size: only a hash tells). */
function flipped(file: string): Buffer {
  const b = readFileSync(file);
  b[b.length >> 1] = b[b.length >> 1]! ^ 0xff;
  return b;
}

describe.each(['local', 'webdav'] as const)('offsite check on a %s target', (kind) => {
  it('a good copy passes; a changed part, a cut part and a missing part are each named; without OFFSITE.json the copy is incomplete; no copy at all is "not found"', async () => {
    const srv = temps.make(`offsite-check-${kind}`);
    const server = kind === 'webdav' ? await serveRemote('webdav', srv, temps.make('offsite-check-work')) : null;
    try {
      const key = await keyFile(temps);
      const b = await makeBackup(temps);
      const target =
        kind === 'local'
          ? testTarget({ remote: srv, path: 'hb', recipients: [key.publicKey] })
          : testTarget({ remote: 'office:', path: 'hb', backend: { type: 'webdav', options: { url: `http://127.0.0.1:${server!.port}/`, vendor: 'other', user: server!.user } }, secretsSealed: { pass: server!.pass }, recipients: [key.publicKey] });
      await runCopyJob(jobInput(temps, b, target));
      const dir = join(srv, 'hb', b.id);
      const t = await openTarget(target, temps.make('offsite-check-conf'), (s) => s);
      try {
        const good = await checkCopy(t, undefined);
        expect(good).toMatchObject({ backupId: b.id, ok: true, complete: true, encrypted: true, problems: [] });
        expect(good.files.map((f) => f.name)).toEqual(expect.arrayContaining(['BACKUP.age.001', 'BACKUP.age.002', 'MANIFEST.json.age', 'RESTORE.sh']));
        expect(new Set(good.files.map((f) => f.how))).toEqual(new Set([kind === 'local' ? 'remote hash' : 'downloaded']));

        // Damaged through the target itself (a WebDAV server keeps its own listing of what it holds).
        const put = (name: string, bytes: Buffer) => rclone(t, ['rcat', remoteJoin(t.root, b.id, name)], { stdin: bytes });
        await put('BACKUP.age.002', flipped(join(dir, 'BACKUP.age.002')));
        await put('BACKUP.age.001', readFileSync(join(dir, 'BACKUP.age.001')).subarray(0, 1000));
        await rclone(t, ['deletefile', remoteJoin(t.root, b.id, 'PLAN.age')]);
        const bad = await checkCopy(t, b.id);
        expect(bad.ok).toBe(false);
        expect(bad.complete).toBe(true);
        const where = `of the copy of ${b.id} on "Office NAS"`;
        const fix = `: copy the backup again while it is still here ("hotbackup offsite copy ${b.id} --target nas"), or check the target's storage`;
        expect(bad.problems).toEqual([
          expect.stringMatching(new RegExp(`^BACKUP\\.age\\.001 ${where} is 1000 bytes on the target, but OFFSITE\\.json says \\d+ \\(cut short or changed\\)`)),
          `BACKUP.age.002 ${where} is damaged (${kind === 'local' ? 'its SHA-256 on the target is not the one in OFFSITE.json' : 'downloaded, its SHA-256 is not the one in OFFSITE.json'})${fix}`,
          `PLAN.age ${where} is missing on the target${fix}`,
        ]);
        expect(bad.files.filter((f) => !f.ok).map((f) => f.name)).toEqual(['BACKUP.age.001', 'BACKUP.age.002', 'PLAN.age']);

        await rclone(t, ['deletefile', remoteJoin(t.root, b.id, 'OFFSITE.json')]);
        const incomplete = await checkCopy(t, b.id);
        expect(incomplete).toMatchObject({ ok: false, complete: false });
        expect(incomplete.problems[0]).toMatch(new RegExp(`^the copy of ${b.id} on "Office NAS" has no OFFSITE\\.json: it is incomplete`));
        await expect(checkCopy(t, undefined)).rejects.toThrow(/holds no complete copy to check: copy a backup there first/);
        await expect(checkCopy(t, '26010101')).rejects.toThrow(/^There is no copy of 26010101 on offsite target "Office NAS"/);
      } finally {
        await t.close();
      }
    } finally {
      await server?.stop();
    }
  }, 180_000);
});
