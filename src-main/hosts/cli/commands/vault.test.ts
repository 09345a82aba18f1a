import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeBackupFixture } from '../../../engine/testing/backup-fixture.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// The Vault from the command line, against real folders (acceptance 4 and 6 of issue 4).

let root = '';
let cfg = '';
let hb = '';

const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-cli-vault-'));
  cfg = join(root, 'config');
  hb = join(root, 'HotBackup');
  await mkdir(cfg);
  await mkdir(hb);
  expect((await hotbackup('settings', 'set', 'folder.path', hb)).code).toBe(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const files = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/a.txt', content: 'a'.repeat(50_000) },
  { path: 'data/b.txt', content: 'b'.repeat(50_000) },
];

async function threeBackups() {
  await makeBackupFixture(hb, '26112501', files, { folder: 'Archive' });
  await makeBackupFixture(hb, '26112601', files, { folder: 'Failed' });
  await makeBackupFixture(hb, '26112602', files, { folder: 'Recent' });
}

const ids = (json: string) =>
  (JSON.parse(json) as { records: { id: string; folder: string; result: string; files: number | null }[] }).records.map((r) => `${r.id} ${r.folder} ${r.result} ${r.files}`);

describe('hotbackup list', () => {
  it('lists the backups newest first', async () => {
    await threeBackups();
    const r = await hotbackup('list');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+FOLDER\s+TRIGGER\s+STARTED\s+DURATION\s+RESULT\s+FILES\s+BYTES\s+USER\s+ERROR$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['26112602 Recent', '26112601 Failed', '26112501 Archive']);
    expect(lines[2]).toMatch(/Failed .*disk on fire$/);
  });

  it('rebuilds a deleted BACKUP.LOG from the folders with the right results', async () => {
    await threeBackups();
    await rm(join(hb, 'BACKUP.LOG'));
    const r = await hotbackup('list', '--json');
    expect(r.code).toBe(0);
    expect(ids(r.out)).toEqual(['26112501 Archive Succeeded 2', '26112601 Failed Failed 2', '26112602 Recent Succeeded 2']);
    expect(r.err).toMatch(/BACKUP.LOG was missing: rebuilt it from 3 backup folder/);
    const log = await readFile(join(hb, 'BACKUP.LOG'), 'utf8');
    expect(log.trim().split('\n').map((l) => l.split('|').slice(0, 1).concat(l.split('|').slice(4, 6)).join(' '))).toEqual([
      '26112501 Succeeded Archive', '26112601 Failed Failed', '26112602 Succeeded Recent',
    ]);
    // The next listing reads the rebuilt log as it is: nothing left to repair.
    expect((await hotbackup('list')).err).toBe('');
  });

  it('keeps damaged lines aside, rebuilds their rows and drops lines without folders', async () => {
    await threeBackups();
    const good = (await readFile(join(hb, 'BACKUP.LOG'), 'utf8')).trim().split('\n');
    const corrupt = [
      good[0],
      '26112601|On Demand|garbage without enough fields',
      '\u0000\u0001\u0002 binary noise',
      good[2],
      '26112409|On Demand|2026-11-24T09:00:00.000+00:00|2026-11-24T09:01:00.000+00:00|Succeeded|Recent|u|||||',
    ].join('\n');
    await writeFile(join(hb, 'BACKUP.LOG'), corrupt + '\n');
    const r = await hotbackup('list', '--json');
    expect(r.code).toBe(0);
    expect(ids(r.out)).toEqual(['26112501 Archive Succeeded 2', '26112601 Failed Failed 2', '26112602 Recent Succeeded 2']);
    expect(r.err).toMatch(/2 damaged line/);
    expect(r.err).toMatch(/listed 26112409 in Recent\/ but no such folder exists: line dropped/);
    expect(r.err).toMatch(/Failed\/26112601 had no BACKUP.LOG line: added from the folder \(found on disk\)/);
    const aside = (await readdir(hb)).filter((n) => n.startsWith('BACKUP.LOG.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(hb, aside[0]!), 'utf8')).toContain('garbage without enough fields');
    expect(await readFile(join(hb, 'BACKUP.LOG'), 'utf8')).not.toContain('26112409');
  });

  it('says so when there are no backups', async () => {
    expect((await hotbackup('list')).out).toBe(`No backups in ${hb} yet.\n`);
  });
});

describe('hotbackup show, verify, restore, delete', () => {
  it('show prints the record and the HB.LOG', async () => {
    await threeBackups();
    const r = await hotbackup('show', '26112602');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HotBackup 26112602: Succeeded/);
    expect(r.out).toMatch(/HB_BEGIN_BACKUP\s+26112602/);
    expect(r.out).toMatch(/Volumes:\s+BACKUP\.001/);
  });

  it('show of an unknown ID exits 2 and says where it looked', async () => {
    const r = await hotbackup('show', '26112688');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`There is no backup 26112688 in the HotBackup folder ${hb}`);
  });

  it('verify detects a single flipped byte and names the volume and the entry (exit 1)', async () => {
    const dir = await makeBackupFixture(hb, '26112602', files, { compression: 'none', volumeSize: 40 * 1024 });
    expect((await hotbackup('verify', '26112602')).code).toBe(0);
    const vol = join(dir, 'BACKUP.002');
    const bytes = await readFile(vol);
    bytes[5000] = bytes[5000]! ^ 0x04;
    await writeFile(vol, bytes);
    const r = await hotbackup('verify', '26112602');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Backup 26112602 is DAMAGED/);
    expect(r.out).toMatch(/volume BACKUP.002: SHA-256 does not match/);
    expect(r.out).toMatch(/entry data\/a.txt: content does not match its SHA-256/);
    expect(r.out).not.toMatch(/entry data\/b.txt/);
    expect(await readFile(join(dir, 'HB.LOG'), 'utf8')).toMatch(/HB_VERIFY_SUCCEEDED[\s\S]*HB_VERIFY_FAILED\|.*BACKUP\.002/);
  });

  it('verify finds a flipped byte in a real gzip backup made by `hotbackup backup`', async () => {
    const data = join(root, 'data');
    await mkdir(data);
    for (let i = 0; i < 3; i++) await writeFile(join(data, `part-${i}.bin`), randomBytes(700 * 1024));
    for (const [k, v] of [['dataDirectories', JSON.stringify([{ path: data }])], ['engine.volumeSize', String(1024 * 1024)]] as const) {
      expect((await hotbackup('settings', 'set', k, v)).code).toBe(0);
    }
    const made = await hotbackup('backup');
    expect(made.code, made.err).toBe(0);
    const id = /HotBackup (\d{8}) Succeeded/.exec(made.out)![1]!;
    const dir = join(hb, 'Recent', id);
    expect(await readdir(dir)).toContain('BACKUP.002');
    expect((await hotbackup('verify', id)).code).toBe(0);
    const vol = join(dir, 'BACKUP.002');
    const bytes = await readFile(vol);
    bytes[4096] = bytes[4096]! ^ 0x10;
    await writeFile(vol, bytes);
    const r = await hotbackup('verify', id);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/volume BACKUP.002: SHA-256 does not match/);
    expect(r.out).toMatch(/entry \S+\/part-\d\.bin: /);
    expect(r.out).not.toMatch(/volume BACKUP.001/);
  });

  it('restore --path restores the selected files into a new folder', async () => {
    await threeBackups();
    const to = join(root, 'restored');
    const r = await hotbackup('restore', '26112602', '--to', to, '--path', 'data/b.txt');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Restored backup 26112602 into .*restored: 1 files/);
    expect(await readdir(join(to, 'data'))).toEqual(['b.txt']);
  });

  it('restore of a damaged backup restores the intact files, lists the damaged one and exits 1', async () => {
    const dir = await makeBackupFixture(hb, '26112602', files, { compression: 'none', volumeSize: 64 * 1024 });
    const vol = await readFile(join(dir, 'BACKUP.001'));
    vol[1024 + 2000] = (vol[1024 + 2000] as number) ^ 0xff; // inside data/a.txt
    await writeFile(join(dir, 'BACKUP.001'), vol);
    const to = join(root, 'restored');
    const r = await hotbackup('restore', '26112602', '--to', to);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT restored \(1; .*\n {2}data\/a\.txt: its content does not match its SHA-256/);
    expect(await readdir(join(to, 'data'))).toEqual(['b.txt']);
    expect(await readFile(join(to, 'data/b.txt'), 'utf8')).toBe('b'.repeat(50_000));
    const ok = await hotbackup('restore', '26112602', '--to', join(root, 'only-b'), '--path', 'data/b.txt');
    expect(ok.code).toBe(0);
  });

  it('delete removes a success and the failures older than it', async () => {
    await makeBackupFixture(hb, '26112401', files, { folder: 'Failed' });
    await threeBackups();
    await makeBackupFixture(hb, '26112603', files, { folder: 'Failed' });
    const r = await hotbackup('delete', '26112602');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Deleted 26112602, 26112401, 26112601.\n');
    expect(await readdir(join(hb, 'Recent'))).toEqual([]);
    expect(await readdir(join(hb, 'Failed'))).toEqual(['26112603']);
    const list = await hotbackup('list', '--json');
    expect(ids(list.out)).toEqual(['26112501 Archive Succeeded 2', '26112603 Failed Failed 2']);
  });
});
