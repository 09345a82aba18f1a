import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFolderLock } from './folder-lock.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { loadVault } from './vault-store.js';

let hb = '';
beforeEach(async () => {
  hb = await mkdtemp(join(tmpdir(), 'hb-store-'));
});
afterEach(async () => {
  await rm(hb, { recursive: true, force: true });
});

const files = [{ path: 'data/a.txt', content: 'a' }];
const clock = () => new Date('2026-11-26T10:00:00.000Z');

describe('loadVault', () => {
  it('rebuilds a row from the folder alone: times from HB.LOG, files and bytes from MANIFEST.json', async () => {
    await makeBackupFixture(hb, '26112601', [...files, { path: 'data/b.txt', content: 'bbb' }]);
    await rm(join(hb, 'BACKUP.LOG'));
    const s = await loadVault(hb, { clock });
    expect(s.rebuilt).toBe(true);
    expect(s.records).toEqual([
      expect.objectContaining({ id: '26112601', folder: 'Recent', result: 'Succeeded', files: 2, bytes: 4, foundOnDisk: true, error: '' }),
    ]);
    expect(s.records[0]!.started).toMatch(/^2026-11-26T09:00:00\.000[+-]\d\d:\d\d$/);
    expect(s.written).toBe(true);
  });

  it('keeps a wholly unreadable BACKUP.LOG aside and rebuilds it', async () => {
    await makeBackupFixture(hb, '26112601', files, { folder: 'Failed' });
    await writeFile(join(hb, 'BACKUP.LOG'), Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x0a, 0x80, 0x81]));
    const s = await loadVault(hb, { clock });
    expect(s.rebuilt).toBe(true);
    expect(s.damagedFile).toBe(join(hb, 'BACKUP.LOG.damaged-20261126T100000Z'));
    expect(s.records.map((r) => [r.id, r.result])).toEqual([['26112601', 'Failed']]);
    expect(await readFile(join(hb, 'BACKUP.LOG'), 'utf8')).toMatch(/^26112601\|/);
  });

  it('changes nothing on disk while another process holds the folder, and says so', async () => {
    await makeBackupFixture(hb, '26112601', files);
    await rm(join(hb, 'BACKUP.LOG'));
    const lock = await acquireFolderLock(hb, 'HotBackup run');
    try {
      const s = await loadVault(hb, { clock });
      expect(s.written).toBe(false);
      expect(s.records.map((r) => r.id)).toEqual(['26112601']);
      expect(s.messages.at(-1)).toMatch(/not written yet: process \d+ \(HotBackup run\)/);
      expect((await readdir(hb)).sort()).toEqual(['HOTBACKUP.LOCK', 'Recent']);
    } finally {
      await lock.release();
    }
  });

  it('an empty or missing HotBackup folder lists nothing and writes nothing', async () => {
    expect((await loadVault(join(hb, 'nope'))).records).toEqual([]);
    await mkdir(join(hb, 'Recent'));
    const s = await loadVault(hb);
    expect(s).toMatchObject({ records: [], written: false, messages: [] });
    expect(await readdir(hb)).toEqual(['Recent']);
  });
});

describe('loadVault during a run', () => {
  it('a run in progress (its line In Progress, the folder held) is no repair: no message, nothing written', async () => {
    await makeBackupFixture(hb, '26112601', files);
    const log = await readFile(join(hb, 'BACKUP.LOG'), 'utf8');
    expect(log).toContain('|Succeeded|');
    await writeFile(join(hb, 'BACKUP.LOG'), log.replace('|Succeeded|', '|In Progress|'));
    const lock = await acquireFolderLock(hb, 'HotBackup run');
    try {
      const s = await loadVault(hb, { clock });
      expect(s.records.map((r) => [r.id, r.result])).toEqual([['26112601', 'In Progress']]);
      expect(s.messages).toEqual([]);
      expect(s.written).toBe(false);
    } finally {
      await lock.release();
    }
  });
});
