import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { offsiteManifest } from './offsite-manifest.js';
import { removeStaleConfigs } from './rclone.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe("an offsite copy's file list (real rclone, real age)", () => {
  it('lists a clear copy from its MANIFEST.json and an encrypted one with the pasted key; a wrong key, no key and a damaged list are refused in words; nothing stays in the work folder', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const top = b.data.split('/').pop()!;
    const clear = temps.make('offsite-list-clear');
    const sealed = temps.make('offsite-list-sealed');
    await runCopyJob(jobInput(temps, b, testTarget({ remote: clear, path: 'office' })));
    await runCopyJob(jobInput(temps, b, testTarget({ remote: sealed, path: 'office', recipients: [key.publicKey] })));
    const workDir = temps.make('offsite-list-work');
    const base = { backupId: b.id, workDir, openSecret: (s: string) => s, restoreRoot: temps.make('offsite-list-restores'), configured: [] };

    const plain = await offsiteManifest({ ...base, target: testTarget({ remote: clear, path: 'office' }) });
    expect(plain.id).toBe(b.id);
    expect(plain.dataDirectories.map((d) => d.top)).toEqual([top]);
    expect(plain.entries.map((e) => e.path)).toContain(`${top}/ledger.csv`);
    expect(plain.total.files).toBe(3);

    const target = testTarget({ remote: sealed, path: 'office', recipients: [key.publicKey] });
    const opened = await offsiteManifest({ ...base, target, identity: readFileSync(key.file, 'utf8') });
    expect(opened.entries).toEqual(plain.entries);
    await expect(offsiteManifest({ ...base, target })).rejects.toThrow(/is encrypted: paste the recovery key/);
    const other = await keyFile(temps);
    await expect(offsiteManifest({ ...base, target, identity: readFileSync(other.file, 'utf8') })).rejects.toThrow(/could not be decrypted: the key does not open it/);

    // A list changed on the target does not match the copy's index: named, not shown.
    const listFile = join(clear, 'office', b.id, 'MANIFEST.json');
    writeFileSync(listFile, readFileSync(listFile, 'utf8').replace('ledger.csv', 'ledger.csx'));
    await expect(offsiteManifest({ ...base, target: testTarget({ remote: clear, path: 'office' }) })).rejects.toThrow(/MANIFEST\.json of the copy of \d{8} on "Office NAS" does not match its index: the copy is damaged/);
    // Neither the fetched nor the decrypted list (client file names) stays behind.
    expect(readdirSync(workDir).filter((n) => n.startsWith('manifest-'))).toEqual([]);
  });

  it("a file list left by a killed process is removed at the next start; a live process's is kept", async () => {
    const workDir = temps.make('offsite-list-stale');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = `manifest-26120101-${gone}-${Date.now()}`;
    const live = `manifest-26120102-${process.pid}-${Date.now()}`;
    for (const n of [stale, live]) {
      mkdirSync(join(workDir, n, 'Recent', n.split('-')[1]!), { recursive: true });
      writeFileSync(join(workDir, n, 'Recent', n.split('-')[1]!, 'MANIFEST.json'), '{"entries":["Clients/Smith/letter.txt"]}');
    }
    expect(await removeStaleConfigs(workDir)).toEqual([stale]);
    expect(readdirSync(workDir)).toEqual([live]);
  });
});
