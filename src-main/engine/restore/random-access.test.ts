import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest/manifest.js';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { readBackupFile } from './read-entry.js';
import { restoreBackup } from './restore-backup.js';

// The gzip member index: 1000+ members across volumes, each readable alone; restore --path and
// readBackupFile read only the members they need (shown by removing every other volume); a
// damaged member costs only the entries in it.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const MIB = 1024 * 1024;

async function bigBackup() {
  const data = temps.make('ra-data');
  const files = new Map<string, Buffer>();
  for (let i = 0; i < 60; i++) {
    const name = `doc-${String(i).padStart(3, '0')}.bin`;
    const bytes = randomBytes(80_000 + i * 1000);
    writeFileSync(join(data, name), bytes);
    files.set(name, bytes);
  }
  const hb = temps.make('ra-hb');
  const r = await runBackupInThread({ ...baseOptions(hb, [data], { settings: settings({ compression: 'gzip', volumeSize: MIB }) }), memberSize: 4096 });
  expect(r.error).toBeNull();
  const dir = r.backupPath as string;
  const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
  return { data, files, hb, id: r.id as string, dir, manifest, top: data.split('/').pop() as string };
}

const volumesOf = (dir: string) => readdirSync(dir).filter((n) => /^BACKUP\.\d+$/.test(n)).sort();

describe('gzip member index', () => {
  const made = bigBackup();

  it('records 1000+ members across volumes; each one decompresses alone to the tar bytes it says', async () => {
    const { dir, manifest } = await made;
    const members = manifest.members ?? [];
    expect(members.length).toBeGreaterThan(1000);
    expect(new Set(members.map((m) => m.volume)).size).toBeGreaterThan(3);
    const stream = Buffer.concat(manifest.volumes.map((v) => readFileSync(join(dir, v.name))));
    const tar = gunzipSync(stream); // the members laid end to end are one gzip stream
    expect(tar.length).toBe(manifest.totals.tarBytes);
    const starts = manifest.volumes.map((_, i) => i * manifest.settings.volumeSize);
    for (let k = 0; k < members.length; k += 97) {
      const m = members[k]!;
      const next = members[k + 1];
      const from = (starts[m.volume - 1] as number) + m.offset;
      const to = next ? (starts[next.volume - 1] as number) + next.offset : stream.length;
      expect(gunzipSync(stream.subarray(from, to)).equals(tar.subarray(m.tar, next ? next.tar : tar.length))).toBe(true);
    }
    // Every entry's offset is where its header starts.
    for (const e of manifest.entries) expect(tar.subarray((e.offset as number) + 257, (e.offset as number) + 262).toString('latin1')).toBe('ustar');
    expect(sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | gzip -dc | tar -tf - | wc -l`, dir).trim()).toBe(String(manifest.entries.length));
    expect((await verifyBackup(dir)).ok).toBe(true);
  });

  it('restore --path and readBackupFile read only the volumes holding the file', async () => {
    const { hb, id, dir, manifest, files, top } = await made;
    const copy = join(temps.make('ra-copy'), 'HotBackup');
    sh(`cp -r "${hb}" "${copy}"`);
    const cdir = join(copy, 'Recent', id);
    const name = 'doc-055.bin';
    const entry = manifest.entries.find((e) => e.path === `${top}/${name}`)!;
    const members = manifest.members!;
    const first = members.filter((m) => m.tar <= entry.offset!).at(-1)!;
    const keep = new Set([first.volume, first.volume + 1, first.volume + 2].map((n) => manifest.volumes[n - 1]?.name));
    for (const v of volumesOf(dir)) if (!keep.has(v)) rmSync(join(cdir, v));
    expect(volumesOf(cdir).length).toBeLessThan(manifest.volumes.length);

    const to = join(temps.make('ra-out'), 'r');
    const summary = await restoreBackup(copy, { id, to, paths: [`${top}/${name}`] });
    expect(summary.failed).toEqual([]);
    expect(readFileSync(join(to, top, name)).equals(files.get(name)!)).toBe(true);

    const reader = await readBackupFile(copy, id, `${top}/${name}`);
    const parts: Buffer[] = [];
    for await (const c of reader.chunks) parts.push(c);
    expect(Buffer.concat(parts).equals(files.get(name)!)).toBe(true);
  });

  it('restores every entry whose members are intact and lists the ones a damaged member holds', async () => {
    const { hb, id, manifest, files, top } = await made;
    const copy = join(temps.make('ra-dmg'), 'HotBackup');
    sh(`cp -r "${hb}" "${copy}"`);
    const vol = join(copy, 'Recent', id, 'BACKUP.002');
    const fd = openSync(vol, 'r+');
    writeSync(fd, Buffer.from([0x55, 0xaa, 0x55, 0xaa]), 0, 4, 500_000);
    closeSync(fd);
    const to = join(temps.make('ra-dmg-out'), 'r');
    const summary = await restoreBackup(copy, { id, to });
    expect(summary.failed.length).toBeGreaterThanOrEqual(1);
    expect(summary.failed.length).toBeLessThanOrEqual(2);
    expect(summary.failed[0]?.problem).toMatch(/gzip member \d+ \(in volume 2\) cannot be read|does not match its SHA-256/);
    const lost = new Set(summary.failed.map((f) => f.path));
    let restored = 0;
    for (const [name, bytes] of files) {
      if (lost.has(`${top}/${name}`)) continue;
      expect(readFileSync(join(to, top, name)).equals(bytes)).toBe(true);
      restored++;
    }
    expect(restored).toBe(files.size - lost.size);
    expect(manifest.entries.length).toBe(files.size + 1);
  });
});
