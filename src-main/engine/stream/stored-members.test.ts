import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest, ManifestMember } from '../manifest/manifest.js';
import { runBackupInThread } from '../run/backup-run.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { restoreBackup } from '../vault/restore-backup.js';
import { gzipMember, incompressible, memberLevel } from './gzip-members.js';

// Incompressible blocks (already-compressed files) go into their gzip member as deflate stored
// blocks: a standard member that gzip, GNU tar and HotBackup's own readers read; compressible
// blocks are still compressed.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const MIB = 1024 * 1024;
/**
 * Whether a gzip member (no optional header fields) was written at level 0: its first deflate
 * block is stored (type 0) and full (65,535 bytes). Level 1 stores random bytes too, but only
 * after searching them for matches, in blocks of about 32 KiB.
 */
const storedAtLevel0 = (member: Buffer) => (((member[10] as number) >> 1) & 3) === 0 && member.readUInt16LE(11) === 65535;
const text = (n: number) => Buffer.from('invoice hearing deposition retainer statute appeal motion brief exhibit '.repeat(Math.ceil(n / 72)).slice(0, n));

describe('incompressible gzip members', () => {
  it('stores a probed random block and compresses a block with compressible slices', async () => {
    const random = randomBytes(MIB);
    expect(await memberLevel(random, true)).toBe(0);
    const stored = await gzipMember(random, MIB, true);
    expect(storedAtLevel0(stored)).toBe(true);
    expect(stored.length).toBeLessThan(MIB + 200);
    expect(gunzipSync(stored).equals(random)).toBe(true);
    // Not probed (the member before was compressible): compressed as always.
    expect(await memberLevel(random, false)).toBe(1);
    expect(storedAtLevel0(await gzipMember(random, MIB, false))).toBe(false);
    // Random bytes with 40 KiB of text anywhere: a slice sees the text, so the block is compressed.
    for (const at of [0, 1000, 123_457, MIB / 2, MIB - 40 * 1024]) {
      const m = Buffer.concat([randomBytes(at), text(40 * 1024), randomBytes(MIB - 40 * 1024 - at)]);
      expect(await memberLevel(m, true)).toBe(1);
    }
    const mixed = Buffer.concat([randomBytes(MIB / 2 - 32 * 1024), text(64 * 1024), randomBytes(MIB / 2 - 32 * 1024)]);
    expect(await memberLevel(mixed, true)).toBe(1);
    const packed = await gzipMember(mixed, MIB, true);
    expect(packed.length).toBeLessThan(MIB - 32 * 1024);
    expect(gunzipSync(packed).equals(mixed)).toBe(true);
    const textual = text(MIB);
    expect(await memberLevel(textual, true)).toBe(1);
    expect((await gzipMember(textual, MIB, true)).length).toBeLessThan(MIB / 10);
  });

  it('judges by what level 1 saves', () => {
    expect(incompressible(1024, 1024)).toBe(true);
    expect(incompressible(1024, 1000)).toBe(true);
    expect(incompressible(1024, 980)).toBe(false);
    expect(incompressible(0, 0)).toBe(false);
  });

  it('a backup of text and already-compressed files: gzip -t, GNU tar, restore and validation read it; a flipped stored byte is caught', async () => {
    const data = temps.make('stored-data');
    const scans = [randomBytes(6 * MIB + 1234), randomBytes(3 * MIB)];
    scans.forEach((s, i) => writeFileSync(join(data, `scan-${i}.pdf`), s));
    writeFileSync(join(data, 'letter.txt'), text(2 * MIB));
    const r = await runBackupInThread(baseOptions(temps.make('stored-hb'), [data], { settings: settings({ volumeSize: 4 * MIB }) }));
    expect(r.error).toBeNull();
    const dir = r.backupPath as string;
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
    const members = manifest.members as ManifestMember[];
    const volumes = manifest.volumes.map((v) => readFileSync(join(dir, v.name)));
    const bytesOf = (i: number) => {
      const m = members[i] as ManifestMember;
      const n = members[i + 1];
      const v = volumes[m.volume - 1] as Buffer;
      return n && n.volume === m.volume ? v.subarray(m.offset, n.offset) : v.subarray(m.offset);
    };
    const stored = members.map((_, i) => storedAtLevel0(bytesOf(i)));
    // Most of the 9 MiB of random bytes stored (the first member of the scans is compressed: it
    // tells the next one to probe; so is a member whose slice meets a tar header), the 2 MiB of text compressed.
    expect(stored.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(stored.filter((x) => !x).length).toBeGreaterThanOrEqual(2);
    const total = manifest.volumes.reduce((s, v) => s + v.size, 0);
    expect(total).toBeLessThan(9 * MIB + (2 * MIB) / 5);
    expect(manifest.volumes.length).toBeGreaterThan(1);

    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | gzip -t`, dir);
    const g = temps.make('stored-gnutar');
    sh(`ls BACKUP.[0-9]* | sort -t. -k2 -n | xargs cat | tar --warning=no-unknown-keyword -xzf - -C "${g}"`, dir);
    const top = join(g, data.split('/').pop() as string);
    scans.forEach((s, i) => expect(readFileSync(join(top, `scan-${i}.pdf`)).equals(s)).toBe(true));
    expect(readFileSync(join(top, 'letter.txt')).equals(text(2 * MIB))).toBe(true);
    const to = join(temps.make('stored-restore'), 'out');
    expect((await restoreBackup(join(dir, '../..'), { id: r.id as string, to })).failed).toEqual([]);
    expect(readFileSync(join(to, data.split('/').pop() as string, 'scan-1.pdf')).equals(scans[1] as Buffer)).toBe(true);
    expect((await verifyBackup(dir)).problems).toEqual([]);

    // One byte flipped inside a stored block: the volume's SHA-256 and the entry's content both say so.
    const k = stored.indexOf(true);
    const m = members[k] as ManifestMember;
    const vol = join(dir, manifest.volumes[m.volume - 1]?.name as string);
    const bytes = readFileSync(vol);
    bytes[m.offset + 5000] = (bytes[m.offset + 5000] as number) ^ 0x40;
    writeFileSync(vol, bytes);
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.volumes.find((v) => v.name === manifest.volumes[m.volume - 1]?.name)?.problem).toMatch(/SHA-256/);
    expect(report.badEntries.length).toBeGreaterThan(0);
  });
});
