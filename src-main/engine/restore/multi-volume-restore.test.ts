import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIB } from '../../../shared/settings.js';
import { baseOptions, settings, sh, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

function makeData(): string {
  const data = temps.make('data');
  mkdirSync(join(data, 'docs', 'letters'), { recursive: true });
  // Incompressible content, so gzip also needs several 1 MiB volumes.
  writeFileSync(join(data, 'docs', 'big.bin'), randomBytes(3 * MIB + 123));
  for (let i = 0; i < 40; i++) writeFileSync(join(data, 'docs', 'letters', `letter-${i}.txt`), `Dear client ${i},\n`.repeat(50 + i * 20));
  const db = new Database(join(data, 'clients.db'));
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE client(id INTEGER PRIMARY KEY, name TEXT, notes BLOB)');
  const ins = db.prepare('INSERT INTO client(name, notes) VALUES (?, ?)');
  db.transaction(() => { for (let i = 0; i < 500; i++) ins.run(`client ${i}`, randomBytes(1000)); })();
  db.close();
  return data;
}

describe.each(['none', 'gzip'] as const)('a multi-volume backup (compression %s, 1 MiB volumes)', (compression) => {
  const data = makeData();
  const folder = temps.make('folder');
  const resultPromise = runBackup(baseOptions(folder, [data], { settings: settings({ compression, volumeSize: MIB }) }));

  it('is cut into volumes of exactly 1 MiB but the last', async () => {
    const r = await resultPromise;
    expect(r.error).toBeNull();
    expect(r.result).toBe('Succeeded');
    const dir = r.backupPath as string;
    expect(dir).toBe(join(folder, 'Recent', r.id as string));
    const volumes = readdirSync(dir).filter((n) => n.startsWith('BACKUP.')).sort();
    expect(volumes.length).toBeGreaterThanOrEqual(3);
    expect(volumes[0]).toBe('BACKUP.001');
    const sizes = volumes.map((v) => statSync(join(dir, v)).size);
    expect(sizes.slice(0, -1).every((s) => s === MIB)).toBe(true);
    expect(sizes.at(-1)).toBeGreaterThan(0);
    expect(sizes.at(-1)).toBeLessThanOrEqual(MIB);
  });

  it("restores with the generated RESTORE.sh: every file's SHA-256 (each database's content) matches the source", async () => {
    const r = await resultPromise;
    const target = join(temps.make('restore-sh'), 'target');
    const out = sh(`sh "${join(r.backupPath as string, 'RESTORE.sh')}" "${target}"`);
    expect(out).toMatch(/BACKUP\.001: OK/);
    expect(readdirSync(target)).toHaveLength(1);
    expect(treeDigest(join(target, readdirSync(target)[0] as string))).toEqual(treeDigest(data));
  });

  it('restores with nothing but cat and GNU tar', async () => {
    const r = await resultPromise;
    const target = temps.make('restore-cat');
    sh(`cat BACKUP.0* | tar -x${compression === 'gzip' ? 'z' : ''}f - -C "${target}"`, r.backupPath as string);
    const [top] = readdirSync(target);
    expect(treeDigest(join(target, top as string))).toEqual(treeDigest(data));
  });

  it('RESTORE.sh refuses a target that is not empty unless --force', async () => {
    const r = await resultPromise;
    const target = temps.make('restore-busy');
    writeFileSync(join(target, 'keep.txt'), 'mine');
    expect(() => sh(`sh "${join(r.backupPath as string, 'RESTORE.sh')}" "${target}"`)).toThrow(/is not empty.*--force/);
    sh(`sh "${join(r.backupPath as string, 'RESTORE.sh')}" "${target}" --force`);
    expect(readdirSync(target).sort()).toHaveLength(2);
  });
});
