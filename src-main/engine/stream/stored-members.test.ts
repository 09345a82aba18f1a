import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest/manifest.js';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { gzipMember } from './gzip-members.js';
import { entropyBits, incompressible, looksIncompressible } from './incompressible.js';

// File content that is already compressed goes into its gzip member as deflate stored blocks: a
// standard member that gzip, GNU tar and HotBackup's own readers read; compressible content is
// still compressed.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const KIB = 1024;
const MIB = 1024 * KIB;
const text = (n: number) => Buffer.from('invoice hearing deposition retainer statute appeal motion brief exhibit '.repeat(Math.ceil(n / 72))).subarray(0, n);
/** Where `content` sits in `bytes` as one deflate stored block of exactly its length (so stored by HotBackup's decision, not by zlib's). */
const storedAt = (bytes: Buffer, content: Buffer) => {
  const head = Buffer.from([0, content.length & 255, content.length >> 8, ~content.length & 255, (~content.length >> 8) & 255]);
  return bytes.indexOf(Buffer.concat([head, content.subarray(0, 32)]));
};

describe('incompressible content', () => {
  it('is told from text, tables and repeats', () => {
    expect(entropyBits(randomBytes(2048))).toBeGreaterThan(7.8);
    expect(entropyBits(text(2048))).toBeLessThan(5);
    expect(looksIncompressible(randomBytes(64 * KIB))).toBe(true);
    expect(looksIncompressible(randomBytes(MIB))).toBe(true);
    expect(looksIncompressible(text(64 * KIB))).toBe(false);
    // Too short to be worth asking.
    expect(looksIncompressible(randomBytes(8 * KIB))).toBe(false);
    // A flat histogram, but 1 KiB of random bytes over and over: deflate finds the repeats.
    const noise = randomBytes(1024);
    expect(looksIncompressible(Buffer.concat(Array.from({ length: 64 }, () => noise)))).toBe(false);
    // Random bytes with 40 KiB of text anywhere: a slice meets the text.
    for (const at of [0, 1000, 123_457, MIB / 2, MIB - 40 * KIB]) {
      expect(looksIncompressible(Buffer.concat([randomBytes(at), text(40 * KIB), randomBytes(MIB - 40 * KIB - at)]))).toBe(false);
    }
    expect(incompressible(1024, 1000)).toBe(true);
    expect(incompressible(1024, 980)).toBe(false);
  });

  it('a member of compressed and stored stretches is one standard gzip member', async () => {
    const scan = randomBytes(100 * KIB);
    const block = Buffer.concat([text(300 * KIB), scan, text(200 * KIB)]);
    const member = await gzipMember(block, MIB, [[300 * KIB, 400 * KIB]]);
    expect(gunzipSync(member).equals(block)).toBe(true);
    expect(member.length).toBeLessThan(100 * KIB + 20 * KIB);
    const file = join(temps.make('member'), 'm.gz');
    writeFileSync(file, Buffer.concat([member, member]));
    sh(`gzip -t "${file}" && test "$(gzip -dc "${file}" | wc -c)" = ${2 * block.length}`);
    const whole = randomBytes(MIB);
    const stored = await gzipMember(whole, MIB, [[0, MIB]]);
    expect(gunzipSync(stored).equals(whole)).toBe(true);
    expect(stored.readUInt16LE(11)).toBe(65535);
  });

  it('a backup of letters and scans: stored scans read by gzip -t, GNU tar, restore and verify; a flipped stored byte is caught', async () => {
    const data = temps.make('stored-data');
    const scans: Buffer[] = [];
    for (let i = 0; i < 12; i++) {
      writeFileSync(join(data, `letter-${i}.txt`), text(20 * KIB + i * 1000));
      const s = randomBytes(20 * KIB + i * 3000);
      scans.push(s);
      writeFileSync(join(data, `scan-${i}.pdf`), s);
    }
    const big = randomBytes(3 * MIB + 777);
    writeFileSync(join(data, 'photos.zip'), big);
    const r = await runBackupInThread(baseOptions(temps.make('stored-hb'), [data], { settings: settings({ volumeSize: 2 * MIB }) }));
    expect(r.error).toBeNull();
    const dir = r.backupPath as string;
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
    const all = Buffer.concat(manifest.volumes.map((v) => readFileSync(join(dir, v.name))));
    // The scans stored as they are, between compressed letters (one cut by a member's end is stored in two pieces, or compressed when a piece is short).
    expect(scans.filter((s) => storedAt(all, s) > 0).length).toBeGreaterThanOrEqual(scans.length - 2);
    expect(all.indexOf(text(4 * KIB))).toBe(-1);
    expect(manifest.volumes.length).toBeGreaterThan(1);

    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | gzip -t`, dir);
    const g = temps.make('stored-gnutar');
    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | tar --warning=no-unknown-keyword -xzf - -C "${g}"`, dir);
    const top = join(g, data.split('/').pop() as string);
    scans.forEach((s, i) => expect(readFileSync(join(top, `scan-${i}.pdf`)).equals(s)).toBe(true));
    expect(readFileSync(join(top, 'photos.zip')).equals(big)).toBe(true);
    expect(readFileSync(join(top, 'letter-3.txt')).equals(text(20 * KIB + 3000))).toBe(true);
    const to = join(temps.make('stored-restore'), 'out');
    expect((await restoreBackup(join(dir, '../..'), { id: r.id as string, to })).failed).toEqual([]);
    expect(readFileSync(join(to, data.split('/').pop() as string, 'scan-7.pdf')).equals(scans[7] as Buffer)).toBe(true);
    expect((await verifyBackup(dir)).problems).toEqual([]);

    // One byte flipped inside a stored scan: the volume's SHA-256 and the entry's content both say so.
    const k = scans.findIndex((s) => storedAt(all, s) > 0);
    const vi = manifest.volumes.findIndex((v) => storedAt(readFileSync(join(dir, v.name)), scans[k] as Buffer) > 0);
    const vol = join(dir, manifest.volumes[vi]?.name as string);
    const bytes = readFileSync(vol);
    const at = storedAt(bytes, scans[k] as Buffer);
    expect(at).toBeGreaterThan(0);
    bytes[at + 100] = (bytes[at + 100] as number) ^ 0x40;
    writeFileSync(vol, bytes);
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.volumes[vi]?.problem).toMatch(/SHA-256/);
    expect(report.badEntries.map((e) => e.path.split('/').pop())).toContain(`scan-${k}.pdf`);
  });
});
