import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { runChild } from './child-run.js';
import { generateKeyPair } from './offsite-keygen.js';
import { copyView, listCopies } from './offsite-list.js';
import { testTarget } from './offsite-test.js';
import { openTarget } from './rclone.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-offsite-probe-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const target = (t: Partial<OffsiteTarget>) => OffsiteTarget.parse({ id: 't1', label: 'Test target', remote: join(root, 'remote'), ...t });

describe('offsite: key pair, test connection, list (real age-keygen and rclone)', () => {
  it('makes an age key pair that age itself encrypts to and decrypts with', async () => {
    const pair = await generateKeyPair(() => new Date('2026-11-30T22:00:00Z'));
    expect(pair.publicKey).toMatch(/^age1[0-9a-z]{58}$/);
    expect(pair.secretKey).toContain('AGE-SECRET-KEY-1');
    const key = join(root, 'key.txt');
    await writeFile(key, pair.secretKey, { mode: 0o600 });
    const enc = await runChild('age', ['-r', pair.publicKey, '-a'], { stdin: 'privileged\n' });
    const dec = await runChild('age', ['-d', '-i', key], { stdin: enc.stdout });
    expect(dec.stdout).toBe('privileged\n');
  });

  it('a local path target tests fine and names its hashes; HotBackup\'s own config is 0600 and removed after', async () => {
    const t = await openTarget(target({}), join(root, 'work'), (s) => s);
    expect((await stat(t.configPath)).mode & 0o777).toBe(0o600);
    const r = await testTarget(t);
    await t.close();
    expect(r).toMatchObject({ ok: true });
    expect(r.hashes).toContain('sha256');
    expect(r.message).toContain('can be written and read');
    await expect(stat(t.configPath)).rejects.toThrow();
  });

  it('a target whose server is down says so in words and how to fix it', async () => {
    const t = await openTarget(
      target({ remote: 'down:', backend: { type: 'sftp', options: { host: '127.0.0.1', port: '1', user: 'x' } }, secretsSealed: { pass: 'nope' } }),
      join(root, 'work'),
      (s) => s,
    );
    const r = await testTarget(t);
    await t.close();
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^offsite target "Test target" \(down:\): nothing answers at that address \(the server is down, or the host or port is wrong\): start the server or correct the target/);
  });

  it('lists copies: a folder with OFFSITE.json is complete, one without is not; other folders are left out', async () => {
    const remote = join(root, 'listed');
    await mkdir(join(remote, '26113001'), { recursive: true });
    await mkdir(join(remote, '26113002'), { recursive: true });
    await mkdir(join(remote, 'not-a-backup'), { recursive: true });
    await writeFile(join(remote, '26113001', 'BACKUP.age.001'), 'x'.repeat(10));
    await writeFile(
      join(remote, '26113001', 'OFFSITE.json'),
      JSON.stringify({ format: 1, backupId: '26113001', seq: 1, encrypted: true, copied: '2026-11-30T22:00:00.000Z', files: [] }),
    );
    await writeFile(join(remote, '26113002', 'BACKUP.age.001'), 'y');
    const t = await openTarget(target({ remote }), join(root, 'work'), (s) => s);
    const copies = (await listCopies(t)).map(copyView);
    await t.close();
    expect(copies.map((c) => [c.backupId, c.complete, c.parts])).toEqual([
      ['26113001', true, 1],
      ['26113002', false, 1],
    ]);
    expect(await listCopies(await openTarget(target({ remote: join(root, 'not-there') }), join(root, 'work'), (s) => s))).toEqual([]);
  });
});
