import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, TempDirs, treeDigest } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { restoreFromTarget } from './offsite-restore.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('copy job to a local path target (real rclone, real age, real GNU tar)', () => {
  it('encrypted: parts, encrypted logs, RESTORE.sh and the index last; cat | age -d | tar -xz gives the data back', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-remote');
    const r = await runCopyJob(jobInput(temps, b, testTarget({ remote, path: 'office', recipients: [key.publicKey] })));
    expect(r.encrypted).toBe(true);
    expect(r.onTarget).toEqual([b.id]);
    const dir = join(remote, 'office', b.id);
    const names = readdirSync(dir).sort();
    expect(names).toContain('BACKUP.age.001');
    expect(names).toEqual(expect.arrayContaining(['MANIFEST.json.age', 'HB.LOG.age', 'PLAN.age', 'RESTORE.sh', 'OFFSITE.json']));
    expect(names.some((n) => /^BACKUP\.\d{3}$/.test(n) || n === 'MANIFEST.json' || n === 'PLAN')).toBe(false);
    // The clear index names no client file; its hashes are the parts'.
    const index = readFileSync(join(dir, 'OFFSITE.json'), 'utf8');
    expect(index).not.toMatch(/Smith|letter|scan|ledger/);
    const parsed = JSON.parse(index) as { files: { name: string; sha256: string }[] };
    for (const f of parsed.files) expect(sha256(readFileSync(join(dir, f.name)))).toBe(f.sha256);
    const to = temps.make('offsite-restored');
    const out = spawnSync('sh', ['-c', `cat BACKUP.age.0* | age -d -i "${key.file}" | tar -xzf - -C "${to}"`], { cwd: dir });
    expect(out.status, out.stderr.toString()).toBe(0);
    expect(treeDigest(join(to, b.data.split('/').pop()!))).toEqual(treeDigest(b.data));
    const viaScript = temps.make('offsite-restored-script');
    expect(spawnSync('sh', [join(dir, 'RESTORE.sh'), key.file, viaScript]).status).toBe(0);
    expect(treeDigest(join(viaScript, b.data.split('/').pop()!))).toEqual(treeDigest(b.data));
    // The Director's restore: fetched, checked against the index, decrypted, restored and checked against MANIFEST.json.
    const target = testTarget({ remote, path: 'office', recipients: [key.publicKey] });
    const req = { target, backupId: b.id, workDir: temps.make('offsite-rwork'), openSecret: (s: string) => s };
    const whole = join(temps.make('offsite-rr'), 'whole');
    const summary = await restoreFromTarget({ ...req, to: whole, identityFile: key.file });
    expect(summary).toMatchObject({ backupId: b.id, checked: true, files: 3 });
    expect(treeDigest(join(whole, b.data.split('/').pop()!))).toEqual(treeDigest(b.data));
    const one = join(temps.make('offsite-rr'), 'one');
    const top = b.data.split('/').pop()!;
    expect((await restoreFromTarget({ ...req, to: one, identity: readFileSync(key.file, 'utf8'), paths: [`${top}/ledger.csv`] })).files).toBe(1);
    expect(readdirSync(join(one, top))).toEqual(['ledger.csv']);
    const other = await keyFile(temps);
    await expect(restoreFromTarget({ ...req, to: join(temps.make('offsite-rr'), 'x'), identityFile: other.file })).rejects.toThrow(/could not be decrypted: the key does not open it/);
    await expect(restoreFromTarget({ ...req, to: join(temps.make('offsite-rr'), 'y') })).rejects.toThrow(/is encrypted: give the age key file/);
    // A damaged part on the target is named; nothing is restored.
    const part = readFileSync(join(dir, 'BACKUP.age.002'));
    part[5000] = part[5000]! ^ 1;
    writeFileSync(join(dir, 'BACKUP.age.002'), part);
    const z = join(temps.make('offsite-rr'), 'z');
    await expect(restoreFromTarget({ ...req, to: z, identityFile: key.file })).rejects.toThrow(/BACKUP\.age\.002 of the copy of \d{8} on "Office NAS" is damaged/);
    expect(() => readdirSync(z)).toThrow();
    // The copy is logged in the backup's own HB.LOG.
    expect(readFileSync(join(b.backupPath, 'HB.LOG'), 'utf8')).toMatch(/HB_OFFSITE_COMPLETE\|"Office NAS": copy complete and checked/);
  });

  it('without recipients: a plain copy of the backup\'s files; a corrupted part is found and sent again by the next copy', async () => {
    const b = await makeBackup(temps);
    const remote = temps.make('offsite-remote');
    const target = testTarget({ remote });
    await runCopyJob(jobInput(temps, b, target));
    const dir = join(remote, b.id);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['BACKUP.001', 'BACKUP.002', 'MANIFEST.json', 'HB.LOG', 'PLAN', 'RESTORE.sh', 'OFFSITE.json']));
    expect(readFileSync(join(dir, 'BACKUP.002'))).toEqual(readFileSync(join(b.backupPath, 'BACKUP.002')));
    const damaged = readFileSync(join(dir, 'BACKUP.002'));
    damaged[100] = damaged[100]! ^ 0xff;
    writeFileSync(join(dir, 'BACKUP.002'), damaged);
    const logBefore = readFileSync(join(b.backupPath, 'HB.LOG'), 'utf8').length;
    const again = await runCopyJob(jobInput(temps, b, target));
    const log = readFileSync(join(b.backupPath, 'HB.LOG'), 'utf8').slice(logBefore);
    expect(log).toMatch(/HB_OFFSITE_ALREADY\|"Office NAS": BACKUP\.001 is already there with the right hash/);
    expect(log).toMatch(/HB_OFFSITE_SENT\|"Office NAS": BACKUP\.002 /);
    expect(again.bytesSent).toBeLessThan(damaged.length * 2);
    expect(readFileSync(join(dir, 'BACKUP.002'))).toEqual(readFileSync(join(b.backupPath, 'BACKUP.002')));
  });
});
