import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest/manifest.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { baseOptions, settings, sh, sqliteDigest, streamWithManifest, TempDirs } from '../testing/engine-fixtures.js';
import { runBackupInThread } from './run-phases.js';

// "Saving Files" and "Streaming Files" overlap: the documents are streamed while the databases
// are copied in the SQLite helper; each database is streamed only once its copy is complete and
// checked, and the databases come last in the archive whatever the timing.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const fileEntry = (name: string, data: Buffer): CapturedEntry => ({
  kind: 'file', dataDir: 0, archivePath: `data/${name}`, source: `/src/${name}`, size: data.length, mode: 0o644, mtimeMs: 1_700_000_000_000,
  uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, content: { kind: 'memory', data },
});

describe('the stream while a database is being copied', () => {
  it('writes the entries before it to the volumes, waits where the database stands, then goes on; GNU tar reads the result', async () => {
    const dir = temps.make('overlap-stream');
    // More than one 4 MiB write batch: the full batches go out while the copy is made.
    const before = randomBytes(9 * 1024 * 1024);
    const after = randomBytes(200 * 1024);
    let copied!: () => void;
    const copy = new Promise<void>((r) => (copied = r));
    const done = { bytes: 0, volumes: 0 };
    let parked!: () => void;
    const atCopy = new Promise<void>((r) => (parked = r));
    function* entries(): Generator<CapturedEntry | Promise<void>> {
      yield fileEntry('before.bin', before);
      yield copy;
      yield fileEntry('after.bin', after);
    }
    const streaming = streamWithManifest(
      entries(),
      {
        backupDir: dir, settings: settings({ compression: 'none', volumeSize: 1024 * 1024 }),
        onProgress: (b) => (done.bytes = b),
        onVolume: () => ++done.volumes === 8 && parked(),
      },
      [{ path: '/src', label: '', top: 'data' }],
    );
    // Volumes of 1 MiB: eight are complete (two full write batches of "before.bin") while the copy is not done.
    await atCopy;
    const streamedBeforeCopy = done.bytes;
    copied();
    const r = await streaming;
    expect(streamedBeforeCopy).toBe(before.length);
    expect(r.bytes).toBe(before.length + after.length);
    const out = temps.make('overlap-out');
    sh(`cat ${r.volumes.map((v) => join(dir, v.name)).join(' ')} | tar -x -C ${out}`);
    expect(readFileSync(join(out, 'data/before.bin')).equals(before)).toBe(true);
    expect(readFileSync(join(out, 'data/after.bin')).equals(after)).toBe(true);
  });

  it('a run: the databases come after every other entry, each streamed from its checked copy, and the log says so in order', async () => {
    const data = temps.make('overlap-data');
    mkdirSync(join(data, 'docs/sub'), { recursive: true });
    for (let i = 0; i < 30; i++) writeFileSync(join(data, `docs/sub/${i}.txt`), `letter ${i}\n`.repeat(2000));
    for (const name of ['a.db', 'docs/z.db']) {
      const db = new Database(join(data, name));
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t(x BLOB)');
      const ins = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 200; i++) ins.run(randomBytes(4000));
      db.close();
    }
    const folder = temps.make('overlap-folder');
    const r = await runBackupInThread(baseOptions(folder, [data], { settings: settings({ compression: 'gzip' }) }));
    expect([r.result, r.error]).toEqual(['Succeeded', null]);
    const backup = r.backupPath as string;
    const manifest = JSON.parse(readFileSync(join(backup, 'MANIFEST.json'), 'utf8')) as Manifest;
    const kinds = manifest.entries.map((e) => e.kind);
    const firstDb = kinds.indexOf('sqlite');
    expect(kinds.slice(firstDb)).toEqual(['sqlite', 'sqlite']);
    expect(manifest.entries.slice(firstDb).map((e) => e.path.split('/').slice(1).join('/'))).toEqual(['a.db', 'docs/z.db']);
    const offsets = manifest.entries.map((e) => e.offset as number);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const log = readFileSync(join(backup, 'HB.LOG'), 'utf8').split('\n').map((l) => l.split('|')[1]);
    expect(log.lastIndexOf('HB_SQLITE_QUICK_CHECK')).toBeLessThan(log.indexOf('HB_BEGIN_STREAM'));
    expect(log.indexOf('HB_BEGIN_STREAM')).toBeLessThan(log.indexOf('HB_END_STREAM'));
    const out = temps.make('overlap-run-out');
    sh(`cat ${join(backup, 'BACKUP.')}* | tar -xz -C ${out}`);
    const top = manifest.entries[0]?.path.split('/')[0] as string;
    for (const name of ['a.db', 'docs/z.db']) expect(sqliteDigest(join(out, top, name))).toBe(sqliteDigest(join(data, name)));
  });
});
