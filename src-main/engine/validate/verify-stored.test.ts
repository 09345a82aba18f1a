import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { verifyStoredBackup } from './verify-stored.js';

// Acceptance 6 (engine level; the CLI test covers `hotbackup verify`): one flipped byte in a
// volume is found, and the report names the volume and the entries it damaged.

let hb = '';
beforeEach(async () => {
  hb = await mkdtemp(join(tmpdir(), 'hb-verify-'));
});
afterEach(async () => {
  await rm(hb, { recursive: true, force: true });
});

const entries = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/a.txt', content: 'a'.repeat(40_000) },
  { path: 'data/b.txt', content: 'b'.repeat(40_000) },
  { path: 'data/c.txt', content: 'c'.repeat(40_000) },
];

async function flipByte(file: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(file, bytes);
}

describe('verifyStoredBackup', () => {
  it('passes an intact backup and records it in HB.LOG', async () => {
    const dir = await makeBackupFixture(hb, '26112601', entries, { compression: 'gzip', volumeSize: 16 * 1024 });
    const r = await verifyStoredBackup(hb, '26112601');
    expect(r).toMatchObject({ ok: true, badVolumes: [], badEntries: [], entriesChecked: 4 });
    expect(await readFile(join(dir, 'HB.LOG'), 'utf8')).toMatch(/\|HB_VERIFY_SUCCEEDED\|4 entries/);
  });

  it('names the volume and the entry a flipped byte damaged (uncompressed)', async () => {
    const dir = await makeBackupFixture(hb, '26112601', entries, { compression: 'none', volumeSize: 32 * 1024 });
    // 32 KiB volumes: bytes 32768.. are BACKUP.002, inside a.txt's content (it starts at 1024).
    await flipByte(join(dir, 'BACKUP.002'), 1000);
    const r = await verifyStoredBackup(hb, '26112601');
    expect(r.ok).toBe(false);
    expect(r.badVolumes).toEqual([{ name: 'BACKUP.002', problem: expect.stringMatching(/SHA-256/) }]);
    expect(r.badEntries.map((e) => e.path)).toEqual(['data/a.txt']);
    expect(await readFile(join(dir, 'HB.LOG'), 'utf8')).toMatch(/\|HB_VERIFY_FAILED\|.*BACKUP\.002.*data\/a\.txt/);
  });

  it('names the volume of a flipped byte in a gzip backup and what could not be read', async () => {
    const dir = await makeBackupFixture(hb, '26112601', entries, { compression: 'gzip', volumeSize: 200 });
    await flipByte(join(dir, 'BACKUP.001'), 150);
    const r = await verifyStoredBackup(hb, '26112601');
    expect(r.ok).toBe(false);
    expect(r.badVolumes.map((v) => v.name)).toEqual(['BACKUP.001']);
    expect(r.badEntries.length).toBeGreaterThan(0);
  });

  it('reports a missing volume', async () => {
    await mkdir(hb, { recursive: true });
    const dir = await makeBackupFixture(hb, '26112601', entries, { compression: 'none', volumeSize: 32 * 1024 });
    await rm(join(dir, 'BACKUP.003'));
    const r = await verifyStoredBackup(hb, '26112601');
    expect(r.badVolumes).toEqual([{ name: 'BACKUP.003', problem: 'missing' }]);
  });
});
