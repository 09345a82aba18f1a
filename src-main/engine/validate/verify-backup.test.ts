import { randomBytes } from 'node:crypto';
import { cpSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIB } from '../../../shared/settings.js';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, settings, TempDirs } from '../testing/engine-fixtures.js';
import type { Manifest } from '../manifest/manifest.js';
import { verifyBackup } from './verify-backup.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** A stored backup with files big enough to lie in known volumes (uncompressed: offsets are exact). */
async function storedBackup(compression: 'none' | 'gzip') {
  const data = temps.make('verify-data');
  for (let i = 1; i <= 4; i++) writeFileSync(join(data, `part-${i}.bin`), randomBytes(900 * 1024));
  const db = new Database(join(data, 'app.db'));
  db.exec('CREATE TABLE t(x)');
  db.prepare('INSERT INTO t VALUES (?)').run('hello');
  db.close();
  const r = await runBackupInThread(baseOptions(temps.make('verify-folder'), [data], { settings: settings({ compression, volumeSize: MIB }) }));
  expect(r.result).toBe('Succeeded');
  return r.backupPath as string;
}

/** A copy to damage, so each case starts from a good backup. */
function copyOf(dir: string): string {
  const c = join(temps.make('verify-copy'), 'b');
  cpSync(dir, c, { recursive: true });
  return c;
}

function flipByte(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  const b = Buffer.alloc(1);
  const orig = readFileSync(file)[at] as number;
  b[0] = orig ^ 0xff;
  writeSync(fd, b, 0, 1, at);
  closeSync(fd);
}

describe('verifyBackup', () => {
  const none = storedBackup('none');
  const gzip = storedBackup('gzip');

  it('passes a good backup, databases included (quick_check on the extracted copy)', async () => {
    for (const dir of [await none, await gzip]) {
      const report = await verifyBackup(dir);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.entriesChecked).toBe(report.entriesExpected);
      expect(report.volumes.every((v) => v.problem === null)).toBe(true);
    }
  });

  it('names the damaged volume and the entry that lies in it', async () => {
    const dir = copyOf(await none);
    flipByte(join(dir, 'BACKUP.002'), 300 * 1024);
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.volumes.filter((v) => v.problem).map((v) => [v.name, v.problem])).toEqual([['BACKUP.002', 'SHA-256 does not match the manifest (the volume is damaged)']]);
    expect(report.badEntries).toHaveLength(1);
    expect(report.badEntries[0]).toMatchObject({ problem: 'content does not match its SHA-256 in the manifest', volume: 'BACKUP.002' });
    expect(report.badEntries[0]?.path).toMatch(/part-2\.bin$/);
  });

  it('reports a missing volume and the entries it leaves unreachable', async () => {
    const dir = copyOf(await gzip);
    rmSync(join(dir, 'BACKUP.003'));
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain('BACKUP.003: missing');
    expect(report.badEntries.some((b) => b.problem === 'not reached: BACKUP.003 is missing')).toBe(true);
  });

  it('reports an entry the manifest does not match', async () => {
    const dir = copyOf(await none);
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
    const entry = manifest.entries.find((e) => e.path.endsWith('part-4.bin'));
    if (!entry) throw new Error('fixture lacks part-4.bin');
    entry.sha256 = '0'.repeat(64);
    writeFileSync(join(dir, 'MANIFEST.json'), JSON.stringify(manifest));
    const report = await verifyBackup(dir);
    expect(report.badEntries.map((b) => b.path)).toEqual([entry.path]);
    expect(report.problems.at(-1)).toMatch(/1 of \d+ entries are bad, first: ".*part-4\.bin" \(content does not match/);
  });

  it('says so when MANIFEST.json is missing', async () => {
    const dir = copyOf(await none);
    rmSync(join(dir, 'MANIFEST.json'));
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/MANIFEST\.json is missing .*not a complete backup/);
  });
});
