import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs, treeDigest } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { restoreFromTarget } from './offsite-restore.js';
import { openTarget, rclone, remoteJoin } from './rclone.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';
import { serveRemote } from './testing/rclone-serve.js';

// Acceptance (issue 19, point 1): real rclone against a real SFTP and a real WebDAV server on
// 127.0.0.1 (rclone serve, throwaway credentials and host key), real age, real GNU tar.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe.each(['sftp', 'webdav'] as const)('offsite copy over %s', (kind) => {
  it('an interrupted copy resumes without sending the parts already there; the copy restores with cat | age -d | tar -xz and with the Director; a damaged part is named, then repaired by copying again', async () => {
    const srv = temps.make(`offsite-${kind}-srv`);
    const server = await serveRemote(kind, srv, temps.make(`offsite-${kind}-work`));
    try {
      const key = await keyFile(temps);
      const b = await makeBackup(temps);
      const options = kind === 'sftp' ? { host: '127.0.0.1', port: String(server.port), user: server.user } : { url: `http://127.0.0.1:${server.port}/`, vendor: 'other', user: server.user };
      const target = testTarget({ remote: 'office:', path: 'hb', backend: { type: kind, options }, secretsSealed: { pass: server.pass }, recipients: [key.publicKey] });
      const dir = join(srv, 'hb', b.id);

      // rclone is killed while it uploads the second part: the copy fails, with no index on the target.
      const first = jobInput(temps, b, target, { onUpload: (pid, file) => file === 'BACKUP.age.002' && process.kill(pid, 'SIGKILL') });
      await expect(runCopyJob(first)).rejects.toThrow(/rclone was stopped \(signal SIGKILL\) before it finished; the next attempt resumes the copy/);
      expect(readdirSync(dir)).toContain('BACKUP.age.001');
      expect(existsSync(join(dir, 'OFFSITE.json'))).toBe(false);
      const part1 = readFileSync(join(dir, 'BACKUP.age.001'));

      // Resumed with the same staging: part 1 is checked, not sent again.
      const sent: string[] = [];
      const resumed = await runCopyJob({ ...first, onUpload: (_pid, file) => sent.push(file) });
      expect(sent).not.toContain('BACKUP.age.001');
      expect(sent).toContain('BACKUP.age.002');
      expect(readFileSync(join(dir, 'BACKUP.age.001'))).toEqual(part1);
      expect(resumed.onTarget).toEqual([b.id]);
      expect(readFileSync(join(b.backupPath, 'HB.LOG'), 'utf8')).toMatch(/HB_OFFSITE_ALREADY\|"Office NAS": BACKUP\.age\.001 is already there with the right hash/);

      // Standard tools on what the server holds.
      const to = temps.make(`offsite-${kind}-tar`);
      const tar = spawnSync('sh', ['-c', `cat BACKUP.age.0* | age -d -i "${key.file}" | tar -xzf - -C "${to}"`], { cwd: dir });
      expect(tar.status, tar.stderr.toString()).toBe(0);
      const top = b.data.split('/').pop()!;
      expect(treeDigest(join(to, top))).toEqual(treeDigest(b.data));

      // The Director's restore over the network.
      const req = { target, backupId: b.id, workDir: temps.make('offsite-rwork'), openSecret: (s: string) => s, identityFile: key.file };
      const restored = join(temps.make(`offsite-${kind}-rr`), 'r');
      expect(await restoreFromTarget({ ...req, to: restored })).toMatchObject({ checked: true, files: 3 });
      expect(treeDigest(join(restored, top))).toEqual(treeDigest(b.data));

      // A part damaged on the server: the restore names it; copying again finds and replaces it.
      const bytes = readFileSync(join(dir, 'BACKUP.age.003'));
      bytes[10] = bytes[10]! ^ 0x55;
      writeFileSync(join(dir, 'BACKUP.age.003'), bytes);
      await expect(restoreFromTarget({ ...req, to: join(temps.make('offsite-rr'), 'x') })).rejects.toThrow(/BACKUP\.age\.003 of the copy of \d{8} on "Office NAS" is damaged/);
      const repair: string[] = [];
      await runCopyJob({ ...jobInput(temps, b, target), stagingDir: first.stagingDir, onUpload: (_pid, file) => repair.push(file) });
      // The staging went with the completed copy: a new one is made (new ciphertext), so every part goes again.
      expect(repair).toContain('BACKUP.age.003');
      const again = join(temps.make('offsite-rr'), 'y');
      expect(await restoreFromTarget({ ...req, to: again })).toMatchObject({ checked: true });
      expect(treeDigest(join(again, top))).toEqual(treeDigest(b.data));
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('retention on an SFTP target', () => {
  it('keeps the newest complete copies; an incomplete copy older than the newest complete one is removed (abandoned); other files stay', async () => {
    const srv = temps.make('offsite-ret-srv');
    const server = await serveRemote('sftp', srv, temps.make('offsite-ret-work'));
    try {
      const target = testTarget({ remote: 'office:', backend: { type: 'sftp', options: { host: '127.0.0.1', port: String(server.port), user: server.user } }, secretsSealed: { pass: server.pass } });
      const b1 = await makeBackup(temps);
      const b2 = await makeBackup(temps, b1);
      const b3 = await makeBackup(temps, b1);
      const copy = (b: typeof b1, seq: number) => runCopyJob({ ...jobInput(temps, b, target), seq, keep: 2 });
      await copy(b1, 1);
      await copy(b2, 2);
      // A newer copy that never completed (its index missing) beside them.
      const r3 = await copy(b3, 3);
      expect(r3.removed).toEqual([b1.id]);
      expect(readdirSync(srv).sort()).toEqual([b2.id, b3.id]);
      // Removed through the server (its file cache would still list a file removed on its disk).
      const t = await openTarget(target, temps.make('offsite-ret-conf'), (x) => x);
      await rclone(t, ['deletefile', remoteJoin(t.root, b3.id, 'OFFSITE.json')]);
      await t.close();
      const b4 = await makeBackup(temps, b1);
      writeFileSync(join(srv, 'not-a-backup.txt'), 'kept');
      const r4 = await copy(b4, 4);
      // b3 is incomplete and older than b4: abandoned, removed; b2 stays (one of the 2 newest complete).
      expect(r4.removed.sort()).toEqual([b3.id]);
      expect(readdirSync(srv).sort()).toEqual([b2.id, b4.id, 'not-a-backup.txt'].sort());
    } finally {
      await server.stop();
    }
  }, 180_000);
});
