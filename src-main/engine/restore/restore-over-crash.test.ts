import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.js';
import { createDirector } from '../../director/director.js';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, sqliteDigest, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { rollBackRestoreOver } from './restore-over.js';

// Acceptance 3: a restore-over killed (SIGKILL) at 10 points leaves no work file in the data
// directory; the next start rolls it back to exactly how it was before the restore; the next
// backup succeeds and integrity_check passes on every database.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const KEY = Buffer.alloc(32, 5);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const child = join(import.meta.dirname, 'testing', 'restore-over-kill.child.ts');

function db(file: string, rows: string[]): void {
  const d = new Database(file);
  d.pragma('journal_mode = WAL');
  d.exec('CREATE TABLE IF NOT EXISTS t(v)');
  const ins = d.prepare('INSERT INTO t VALUES (?)');
  for (const r of rows) ins.run(r);
  d.close();
}

/** The data directory's state: files byte for byte, databases by content (with integrity_check). */
function state(data: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of treeDigest(data)) out[k] = k.endsWith('.db') ? sqliteDigest(join(data, k)) : v;
  return out;
}

function killedRestore(hb: string, id: string, cfg: string, data: string, point: number): Promise<string | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, hb, id, cfg, data, String(point)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? null : `not killed (signal ${signal}): ${err}`));
  });
}

describe('restore-over killed at 10 points', () => {
  it('leaves no work files, is rolled back at the next start, and the next backup succeeds', async () => {
    const root = temps.make('ro-crash');
    const data = join(root, 'office');
    const hb = join(root, 'HotBackup');
    const cfg = join(root, 'config');
    mkdirSync(data);
    db(join(data, 'ledger.db'), ['opening balance']);
    db(join(data, 'clients.db'), ['Smith', 'Jones']);
    for (let i = 1; i <= 8; i++) writeFileSync(join(data, `letter${i}.txt`), `letter ${i} as backed up\n`);
    const opts = baseOptions(hb, [data], { dataDirectories: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }], manifestKey: KEY });
    const first = await runBackupInThread(opts);
    expect(first.result).toBe('Succeeded');

    // Work done after the backup: the restore would replace it, the rollback must bring it back.
    db(join(data, 'ledger.db'), ['after the backup']);
    for (let i = 1; i <= 8; i++) writeFileSync(join(data, `letter${i}.txt`), `letter ${i} edited today\n`);
    writeFileSync(join(data, 'new-today.txt'), 'new');
    const before = state(data);
    mkdirSync(cfg);
    const settings = { ...defaultSettings('linux', root), folder: { path: hb }, dataDirectories: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }] };
    writeFileSync(join(cfg, 'settings.json'), JSON.stringify(settings));

    for (let point = 0; point < 10; point++) {
      expect(await killedRestore(hb, first.id as string, cfg, data, point), `kill point ${point}`).toBeNull();
      // No work file in the data directory, even before the rollback.
      expect(readdirSync(data).filter((n) => !/^(ledger|clients)\.db(-wal|-shm)?$|^letter\d\.txt$|^new-today\.txt$/.test(n)), `kill point ${point}`).toEqual([]);
      // The next start (Director or CLI) rolls the restore back.
      const director = await createDirector({ configDir: cfg, home: root, platform: 'linux', schedule: false, logger: silent });
      await director.close();
      expect(readdirSync(cfg)).not.toContain('restore-over.journal.json');
      expect(state(data), `kill point ${point}`).toEqual(before);
      for (const name of ['ledger.db', 'clients.db']) {
        const d = new Database(join(data, name), { readonly: true });
        expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
        d.close();
      }
      const next = await runBackupInThread(opts);
      expect(next.result, `backup after kill point ${point}: ${next.error}`).toBe('Succeeded');
    }
    // Nothing is left to roll back, and the work folders are gone.
    expect(await rollBackRestoreOver(cfg)).toEqual([]);
    expect(spawnSync('ls', ['-A', join(cfg, 'restore-work')], { encoding: 'utf8' }).stdout.trim()).toBe('');
  }, 300_000);
});
