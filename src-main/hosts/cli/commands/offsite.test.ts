import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs, treeDigest } from '../../../engine/testing/engine-fixtures.js';
import { keyFile, makeBackup } from '../../../director/offsite/testing/offsite-fixtures.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// `hotbackup offsite list|copy|test|restore` with no Director running (the command runs one in
// its own process): real rclone to a local path target, real age.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('hotbackup offsite', () => {
  it('test, copy (waits for the result), list the copies, restore with --key and --path', async () => {
    const b = await makeBackup(temps);
    const cfg = temps.make('cli-offsite-cfg');
    const key = await keyFile(temps);
    const remote = temps.make('cli-offsite-remote');
    const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);
    expect((await hotbackup('settings', 'set', 'folder.path', b.folder)).code).toBe(0);
    const targets = [{ id: 'usb', label: 'USB disk', remote, path: 'office', recipients: [key.publicKey] }];
    const set = await hotbackup('settings', 'set', 'offsite.targets', JSON.stringify(targets));
    expect(set.err).toBe('');
    expect(set.code).toBe(0);

    const tested = await hotbackup('offsite', 'test');
    expect(tested.code).toBe(0);
    expect(tested.out).toMatch(/^OK {5}"USB disk": .* can be written and read; copies are checked by the remote's SHA-256 hashes\./);

    const copied = await hotbackup('offsite', 'copy');
    expect(copied.err).toContain(`copying ${b.id} to usb`);
    expect(copied.out).toMatch(new RegExp(`^${b.id} → "USB disk": complete and checked \\(.* sent, encrypted\\)`));
    expect(copied.code).toBe(0);

    const listed = await hotbackup('offsite', 'list', '--target', 'usb');
    expect(listed.out.split('\n')[1]).toMatch(new RegExp(`^${b.id}\\s+complete\\s+age\\s+\\d+`));
    const overview = await hotbackup('offsite', 'list');
    expect(overview.out).toMatch(new RegExp(`usb\\s+USB disk\\s+${remote}/office\\s+after each run\\s+age, 1 key\\(s\\)\\s+idle\\s+${b.id} complete`));

    const to = join(temps.make('cli-offsite-to'), 'restored');
    const restored = await hotbackup('offsite', 'restore', b.id, '--target', 'usb', '--to', to, '--key', key.file);
    expect(restored.err).toBe('');
    expect(restored.out).toMatch(new RegExp(`^Backup ${b.id} restored from "usb" into ${to}: 3 files, .* every file matched MANIFEST\\.json\\.`));
    const top = b.data.split('/').pop()!;
    expect(treeDigest(join(to, top))).toEqual(treeDigest(b.data));

    const some = join(temps.make('cli-offsite-to'), 'some');
    expect((await hotbackup('offsite', 'restore', b.id, '--target', 'usb', '--to', some, '--key', key.file, '--path', `${top}/ledger.csv`)).code).toBe(0);
    expect(Object.keys(Object.fromEntries(treeDigest(some)))).toEqual(expect.arrayContaining([`${top}/ledger.csv`]));

    const noKey = await hotbackup('offsite', 'restore', b.id, '--target', 'usb', '--to', join(some, 'x'));
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/is encrypted: give the age key file/);
    const badKey = await hotbackup('offsite', 'restore', b.id, '--target', 'usb', '--to', join(some, 'y'), '--key', join(cfg, 'missing.txt'));
    expect(badKey.err).toMatch(/--key ".*missing\.txt" cannot be read \(there is no such file\)/);

    // Check the copy again without the key: exit 0; a damaged part: exit 1 naming it; no such target: exit 2.
    const checked = await hotbackup('offsite', 'check');
    expect(checked.out).toMatch(new RegExp(`^OK {9}"USB disk": the copy of ${b.id} matches its OFFSITE\\.json: \\d+ files \\(\\d+ by the remote's hash, 0 downloaded and hashed\\)`));
    expect(checked.code).toBe(0);
    const part = join(remote, 'office', b.id, 'BACKUP.age.001');
    const bytes = readFileSync(part);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(part, bytes);
    const damaged = await hotbackup('offsite', 'check', b.id, '--target', 'usb');
    expect(damaged.out).toContain(`DAMAGED    "USB disk": the copy of ${b.id}: 1 problem(s)\n  BACKUP.age.001 of the copy of ${b.id} on "USB disk" is damaged (its SHA-256 on the target is not the one in OFFSITE.json): copy the backup again`);
    expect(damaged.err).toContain(`the copy of ${b.id} on "USB disk" failed the check`);
    expect(damaged.code).toBe(1);
    const json = JSON.parse((await hotbackup('offsite', 'check', '--target', 'usb', '--json')).out) as { ok: boolean; files: { name: string; ok: boolean }[] }[];
    expect(json[0]!.files.filter((f) => !f.ok).map((f) => f.name)).toEqual(['BACKUP.age.001']);
    const noTarget = await hotbackup('offsite', 'check', '--target', 'nope');
    expect(noTarget.err).toMatch(/No offsite target "nope"/);
    expect(noTarget.code).toBe(2);
  }, 240_000);

  it('a copy to a target that is down fails with exit 1 naming the target; the local backup stays', async () => {
    const b = await makeBackup(temps);
    const cfg = temps.make('cli-offsite-cfg');
    const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);
    expect((await hotbackup('settings', 'set', 'folder.path', b.folder)).code).toBe(0);
    expect((await hotbackup('settings', 'set', 'alerts.retryCount', '0')).code).toBe(0);
    const down = [{ id: 'nas', label: 'Office NAS', remote: 'nas:', backend: { type: 'sftp', options: { host: '127.0.0.1', port: '1', user: 'x' } }, secrets: { pass: 'secret' } }];
    expect((await hotbackup('settings', 'set', 'offsite.targets', JSON.stringify(down))).code).toBe(0);
    const r = await hotbackup('offsite', 'copy', b.id);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^${b.id} → "Office NAS": FAILED \\(attempt 1\\): offsite target "Office NAS" \\(nas:\\): nothing answers at that address`));
    expect(r.err).toMatch(/1 offsite copy failed \(above\); the local backups are not affected/);
    expect((await hotbackup('list')).out).toMatch(new RegExp(`${b.id}\\s+Recent`));
  }, 120_000);
});
