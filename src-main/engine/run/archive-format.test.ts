import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, truncateSync, utimesSync, writeFileSync, writeSync, chmodSync, linkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, type Manifest } from '../manifest/manifest.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { runBackupInThread } from './run-phases.js';

// MANIFEST.json format 2: names as raw bytes, hard links stored once, sparse files stored sparse,
// owners recorded; restored exactly by `restoreBackup` and by GNU tar from the volumes.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const b = (s: string) => Buffer.from(s, 'latin1');
const CAFE = b('caf\xe9.txt');
const MUELLER = b('Akte M\xfcller');
const MIB = 1024 * 1024;
const T = new Date('2026-11-20T08:30:00Z');

function makeData(): { data: string; linked: Buffer } {
  const data = temps.make('fmt2-data');
  const d = Buffer.from(data);
  const at = (...parts: Buffer[]) => Buffer.concat([d, ...parts.flatMap((p) => [b('/'), p])]);
  writeFileSync(at(CAFE), 'invoice 2024\n');
  mkdirSync(at(MUELLER), 0o750);
  writeFileSync(at(MUELLER, b('protokoll.txt')), 'minutes\n');
  const linked = randomBytes(300_000);
  mkdirSync(join(data, 'scans'));
  writeFileSync(join(data, 'scans/scan-0042.pdf'), linked);
  linkSync(join(data, 'scans/scan-0042.pdf'), at(MUELLER, b('scan-0042.pdf')));
  writeFileSync(join(data, 'scans/copy.pdf'), linked);
  const img = join(data, 'disk.img');
  writeFileSync(img, '');
  truncateSync(img, 64 * MIB);
  const fd = openSync(img, 'r+');
  writeSync(fd, Buffer.from('partition table'), 0, 15, MIB);
  writeSync(fd, Buffer.from('end'), 0, 3, 40 * MIB + 7);
  closeSync(fd);
  symlinkSync(CAFE, at(b('latest')));
  chmodSync(join(data, 'scans/copy.pdf'), 0o600);
  for (const p of [img, join(data, 'scans/copy.pdf'), at(CAFE)]) utimesSync(p, T, T);
  return { data, linked };
}

/** What must come back: names (as bytes), kind, content, link count, mode, mtime. */
function checkRestored(root: string, data: string, linked: Buffer): void {
  const top = join(root, data.split('/').pop() as string);
  const at = (...parts: Buffer[]) => Buffer.concat([Buffer.from(top), ...parts.flatMap((p) => [b('/'), p])]);
  const names = readdirSync(top, { encoding: 'buffer' }).map((n) => n.toString('latin1')).sort();
  expect(names).toEqual(['Akte M\xfcller', 'caf\xe9.txt', 'disk.img', 'latest', 'scans']);
  expect(readFileSync(at(CAFE), 'utf8')).toBe('invoice 2024\n');
  expect(readFileSync(at(MUELLER, b('protokoll.txt')), 'utf8')).toBe('minutes\n');
  const first = lstatSync(join(top, 'scans/scan-0042.pdf'));
  const second = lstatSync(at(MUELLER, b('scan-0042.pdf')));
  expect(second.ino).toBe(first.ino);
  expect(first.nlink).toBe(2);
  expect(readFileSync(join(top, 'scans/scan-0042.pdf')).equals(linked)).toBe(true);
  const copy = lstatSync(join(top, 'scans/copy.pdf'));
  expect(copy.ino).not.toBe(first.ino);
  expect(copy.mode & 0o777).toBe(0o600);
  expect(lstatSync(at(MUELLER)).mode & 0o777).toBe(0o750);
  const img = lstatSync(join(top, 'disk.img'));
  expect(img.size).toBe(64 * MIB);
  expect(img.blocks * 512).toBeLessThan(MIB);
  expect(img.mtimeMs).toBe(T.getTime());
  const imgData = readFileSync(join(top, 'disk.img'));
  expect(imgData.subarray(MIB, MIB + 15).toString()).toBe('partition table');
  expect(imgData.subarray(40 * MIB + 7, 40 * MIB + 10).toString()).toBe('end');
  expect(imgData.subarray(0, MIB).every((c) => c === 0)).toBe(true);
}

describe.each(['gzip', 'none'] as const)('archive format 2 (%s)', (compression) => {
  it('keeps raw-byte names, hard links, sparse files, modes, times and owners; restored by hotbackup and GNU tar', async () => {
    const { data, linked } = makeData();
    const r = await runBackupInThread(baseOptions(temps.make('fmt2-hb'), [data], { settings: settings({ compression }) }));
    expect(r.error).toBeNull();
    const dir = r.backupPath as string;
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
    expect(manifest.format).toBe(MANIFEST_FORMAT);
    const top = data.split('/').pop() as string;
    const byBytes = (name: Buffer) => manifest.entries.find((e) => e.pathBytes && Buffer.from(e.pathBytes, 'base64').equals(Buffer.concat([Buffer.from(`${top}/`), name])));
    expect(byBytes(CAFE)).toMatchObject({ kind: 'file', size: 13 });
    // The walk meets "Akte Müller/scan-0042.pdf" first: it holds the bytes, the other name links to it (by its exact bytes).
    const links = manifest.entries.filter((e) => e.hardlink);
    expect(links.map((e) => e.path)).toEqual([`${top}/scans/scan-0042.pdf`]);
    expect(links[0]).toMatchObject({ kind: 'file', size: 300_000, sha256: byBytes(Buffer.concat([MUELLER, b('/scan-0042.pdf')]))?.sha256 });
    expect(Buffer.from(links[0]?.linkBytes ?? '', 'base64').equals(Buffer.concat([Buffer.from(`${top}/`), MUELLER, b('/scan-0042.pdf')]))).toBe(true);
    expect(manifest.entries.find((e) => e.path === `${top}/disk.img`)).toMatchObject({ sparse: true, size: 64 * MIB });
    expect(manifest.entries.every((e) => e.uid === process.getuid?.() && typeof e.gid === 'number')).toBe(true);
    // The linked file's bytes are in the archive once; the sparse file's holes not at all.
    expect(manifest.totals.tarBytes).toBeLessThan(2 * 300_000 + 64 * 1024);
    expect((await verifyBackup(dir)).problems).toEqual([]);

    const to = join(temps.make('fmt2-restore'), 'out');
    const summary = await restoreBackup(join(dir, '../..'), { id: r.id as string, to });
    expect(summary.failed).toEqual([]);
    checkRestored(to, data, linked);

    const g = temps.make('fmt2-gnutar');
    const z = compression === 'gzip' ? 'z' : '';
    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | tar --warning=no-unknown-keyword -x${z}f - -C "${g}"`, dir);
    checkRestored(g, data, linked);
  });
});
