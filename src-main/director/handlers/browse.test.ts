import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowseListing } from '../../../shared/browse.js';
import type { CallContext } from '../../../shared/contract.js';
import { localAdmin } from '../../../shared/roles.js';
import { runBackupInThread } from '../../engine/run/run-phases.js';
import { baseOptions, settings, TempDirs } from '../../engine/testing/engine-fixtures.js';
import { restoreBackup } from '../../engine/restore/restore-backup.js';
import { silentLogger } from '../../base/logger.js';
import { createDirector, type Director } from '../director.js';
import { updateVerdicts, withVerdict } from '../verify-schedule/verdict-store.js';

// vault.browse against a real backup of 40 files over several gzip volumes: pages of a folder,
// and, with a volume gone, exactly the files in it marked (the rest restore).

const temps = new TempDirs();
let director: Director;
let hb = '';
let id = '';
let top = '';
let config = '';
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };

beforeAll(async () => {
  const root = temps.make('browse');
  const data = join(root, 'Office');
  await mkdir(join(data, 'Letters'), { recursive: true });
  for (let i = 1; i <= 40; i++) await writeFile(join(data, 'Letters', `letter-${i}.bin`), randomBytes(100_000));
  hb = join(root, 'HotBackup');
  const r = await runBackupInThread({ ...baseOptions(hb, [data], { settings: settings({ compression: 'gzip', volumeSize: 1024 * 1024 }) }), memberSize: 4096 });
  expect(r.error).toBeNull();
  id = r.id as string;
  top = 'Office';
  config = join(root, 'config');
  director = await createDirector({ configDir: config, logger: silentLogger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: hb } });
});
afterAll(async () => {
  await director?.close();
  temps.cleanup();
});

const browse = async (input: Record<string, unknown>): Promise<BrowseListing> => {
  const r = await director.invoke('vault.browse', { id, ...input }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as BrowseListing;
};

it('pages a folder in natural order with sizes and dates', async () => {
  const first = await browse({ folder: `${top}/Letters`, limit: 12 });
  expect(first.total).toBe(40);
  expect(first.rows.map((r) => r.name).slice(0, 11)).toEqual(['letter-1.bin', 'letter-2.bin', 'letter-3.bin', 'letter-4.bin', 'letter-5.bin', 'letter-6.bin', 'letter-7.bin', 'letter-8.bin', 'letter-9.bin', 'letter-10.bin', 'letter-11.bin']);
  expect(first.rows[0]).toMatchObject({ kind: 'file', size: 100_000, damaged: null, mtime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  const top0 = await browse({ folder: '' });
  expect(top0.rows).toMatchObject([{ name: top, kind: 'directory', size: 4_000_000 }]);
  expect(top0.totals).toEqual({ files: 40, bytes: 4_000_000 });
  expect(top0.damage).toEqual({ badVolumes: [], verdict: null, damagedFiles: 0 });
  const r = await director.invoke('vault.browse', { id, folder: '../etc' }, ctx);
  expect(r.ok).toBe(false);
});

it('with a volume missing, marks exactly the files a restore cannot bring back', async () => {
  const volumes = (await import('node:fs')).readdirSync(join(hb, 'Recent', id)).filter((n) => /^BACKUP\.\d+$/.test(n)).sort();
  expect(volumes.length).toBeGreaterThan(3);
  await rm(join(hb, 'Recent', id, volumes[2] as string));
  // The index kept from the first test is built again: a volume changed.
  const listing = await browse({ folder: `${top}/Letters`, limit: 500, selected: [`${top}/Letters`] });
  expect(listing.damage.badVolumes).toEqual([{ name: volumes[2], problem: 'missing' }]);
  const marked = listing.rows.filter((r) => r.damaged).map((r) => r.path);
  expect(marked.length).toBeGreaterThan(0);
  expect(marked.length).toBeLessThan(40);
  expect(listing.rows.find((r) => r.damaged)?.damaged).toBe(`lies in a damaged volume: ${volumes[2]} is missing`);
  expect(listing.damage.damagedFiles).toBe(marked.length);
  expect(listing.selection).toMatchObject({ files: 40, damagedFiles: marked.length });
  // What Browse marks is what the restore leaves out.
  const to = join(temps.make('browse-restore'), 'out');
  const summary = await restoreBackup(hb, { id, to, paths: [] });
  expect(summary.failed.map((f) => f.path).sort()).toEqual([...marked].sort());
});

it('marks the files the last verify named, and says what it found', async () => {
  await updateVerdicts(config, (f) =>
    withVerdict(f, { id, at: '2026-11-30T12:00:00+00:00', ok: false, summary: 'Office/Letters/letter-7.bin: content does not match', scheduled: false, badEntries: [{ path: `${top}/Letters/letter-7.bin`, problem: 'content does not match its SHA-256' }] }),
  );
  const listing = await browse({ folder: `${top}/Letters`, search: 'letter-7' });
  expect(listing.rows).toMatchObject([{ name: 'letter-7.bin', damaged: 'content does not match its SHA-256' }]);
  expect(listing.damage.verdict).toContain('found damage: Office/Letters/letter-7.bin');
});
