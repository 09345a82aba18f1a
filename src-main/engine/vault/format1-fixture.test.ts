import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { listManifest } from '../restore/manifest-listing.js';
import { readBackupFile } from '../restore/read-entry.js';
import { restoreBackup } from '../restore/restore-backup.js';

// Backups written by the release before MANIFEST.json format 2 (names as bytes, hard links,
// sparse files, owners, the gzip member index): 26112601 gzip, 26112602 uncompressed, both written
// by that release's engine (testing/fixtures/format1-hotbackup). They stay listed, verified and restorable.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const FIXTURE = join(import.meta.dirname, '../testing/fixtures/format1-hotbackup');

function copyFixture(): string {
  const hb = join(temps.make('format1'), 'HotBackup');
  cpSync(FIXTURE, hb, { recursive: true });
  return hb;
}

describe.each([['26112601', 'gzip'], ['26112602', 'none']])('a format 1 backup (%s, %s)', (id) => {
  it('is listed, verified intact and restored in full', async () => {
    const hb = copyFixture();
    const backup = join(hb, 'Recent', id);
    expect(JSON.parse(readFileSync(join(backup, 'MANIFEST.json'), 'utf8'))).toMatchObject({ format: 1 });
    const report = await verifyBackup(backup);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const listing = await listManifest(hb, id, temps.make('suggest'));
    expect(listing.entries.map((e) => e.path)).toContain('data/Zoë.txt');
    const to = join(temps.make('f1-restore'), 'out');
    const summary = await restoreBackup(hb, { id, to });
    expect(summary).toMatchObject({ files: 4, symlinks: 1, failed: [] });
    expect(readFileSync(join(to, 'data/Zoë.txt'), 'utf8')).toBe('Zoë notes\n');
    expect(readFileSync(join(to, 'data/Clients/smith.txt'), 'utf8')).toBe('Smith invoice 2026\n');
    expect(readFileSync(join(to, 'data/letters.txt'), 'utf8')).toBe('a'.repeat(3000));
    expect(readlinkSync(join(to, 'data/latest'))).toBe('Clients/smith.txt');
  });

  it('restores one path, reads one file, and its own RESTORE.sh still works', async () => {
    const hb = copyFixture();
    const to = join(temps.make('f1-path'), 'out');
    const summary = await restoreBackup(hb, { id, to, paths: ['data/Clients/jones.txt'] });
    expect(summary).toMatchObject({ files: 1, failed: [] });
    expect(readFileSync(join(to, 'data/Clients/jones.txt'), 'utf8')).toBe('Jones\n');
    const reader = await readBackupFile(hb, id, 'data/Clients/smith.txt');
    const parts: Buffer[] = [];
    for await (const c of reader.chunks) parts.push(c);
    expect(Buffer.concat(parts).toString()).toBe('Smith invoice 2026\n');
    const sh = join(temps.make('f1-sh'), 'out');
    const r = spawnSync('sh', [join(hb, 'Recent', id, 'RESTORE.sh'), sh], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(sh, 'data/Zoë.txt'), 'utf8')).toBe('Zoë notes\n');
  });
});
