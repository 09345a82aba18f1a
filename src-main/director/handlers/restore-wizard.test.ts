import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CallContext, EventName } from '../../../shared/contract.js';
import type { ManifestListing } from '../../../shared/restore-wizard.js';
import { loadManifestKey, signManifest } from '../../engine/manifest/manifest-signature.js';
import { makeBackupFixture } from '../../engine/testing/backup-fixture.js';
import { createDirector, type Director } from '../director.js';

let dir = '';
let director: Director;
let hb = '';
let data = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-vault-browse-'));
  hb = join(dir, 'HotBackup');
  data = join(dir, 'office');
  await mkdir(data);
  director = await createDirector({ configDir: join(dir, 'config'), home: dir, platform: 'linux', schedule: false });
  const r = await director.invoke('settings.update', { folder: { path: hb }, dataDirectories: [{ path: data, label: 'Office', exclude: [] }] }, ctx());
  expect(r.ok).toBe(true);
  const dirId = director.services.settings.get().dataDirectories[0]?.id;
  const backup = await makeBackupFixture(hb, '26112601', [
    { path: 'data', type: 'Directory' },
    { path: 'data/a.txt', content: 'A from the backup' },
    { path: 'data/b.txt', content: 'B from the backup' },
  ]);
  const file = join(backup, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8'));
  m.dataDirectories = [{ id: dirId, path: data, label: 'Office', top: 'data' }];
  await writeFile(file, JSON.stringify(m));
  await writeFile(join(backup, 'MANIFEST.sig'), signManifest(JSON.stringify(m), await loadManifestKey(join(dir, 'config'))));
});
afterEach(async () => {
  await director.close();
  await rm(dir, { recursive: true, force: true });
});

function ctx(onEmit: (event: EventName) => void = () => undefined): CallContext {
  return { clientId: 'test', identity: localAdmin('test'), emit: (event) => onEmit(event), onDisconnect: () => undefined };
}

it('vault.manifest lists the entries, where they came from, and a free folder under the home', async () => {
  await mkdir(join(dir, 'HotBackup Restores', '26112601'), { recursive: true });
  const r = await director.invoke('vault.manifest', { id: '26112601' }, ctx());
  expect(r.ok).toBe(true);
  const listing = (r as { value: ManifestListing }).value;
  expect(listing).toMatchObject({
    id: '26112601',
    dataDirectories: [{ path: data, top: 'data' }],
    suggestedFolder: join(dir, 'HotBackup Restores', '26112601-2'),
  });
  expect(listing.entries.map((e) => e.path)).toEqual(['data', 'data/a.txt', 'data/b.txt']);
  expect(listing.total).toMatchObject({ entries: 3, files: 2 });
});

it('vault.restoreOver runs as an exclusive task from start to end, and puts the chosen file back', async () => {
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'a.txt'), 'A today');
  await writeFile(join(data, 'b.txt'), 'B today');
  const tasksDuringRestore: { task: string; exclusive: boolean }[][] = [];
  const r = await director.invoke(
    'vault.restoreOver',
    { id: '26112601', paths: ['data/a.txt'], user: 'admin' },
    ctx((event) => {
      if (event === 'vault.progress') tasksDuringRestore.push(director.services.tasks.list().map((t) => ({ task: t.task, exclusive: t.exclusive })));
    }),
  );
  expect(r.ok).toBe(true);
  expect(tasksDuringRestore.length).toBeGreaterThan(0);
  for (const tasks of tasksDuringRestore) expect(tasks).toEqual([{ task: 'Restore 26112601 over live data', exclusive: true }]);
  expect(director.services.tasks.list()).toEqual([]);
  expect(await readFile(join(data, 'a.txt'), 'utf8')).toBe('A from the backup');
  expect(await readFile(join(data, 'b.txt'), 'utf8')).toBe('B today');
});

it('vault.restoreOver ends its task when the restore fails', async () => {
  await writeFile(join(hb, 'Recent', '26112601', 'BACKUP.001'), 'garbage');
  const r = await director.invoke('vault.restoreOver', { id: '26112601', paths: [], user: '' }, ctx());
  expect(r.ok).toBe(false);
  expect(director.services.tasks.list()).toEqual([]);
});

it('vault.restoreOver writes only into the configured data directory: a manifest edited to name another folder is refused, nothing is written', async () => {
  const file = join(hb, 'Recent', '26112601', 'MANIFEST.json');
  const elsewhere = join(dir, 'elsewhere', 'not-configured');
  await writeFile(file, (await readFile(file, 'utf8')).replace(JSON.stringify(data), JSON.stringify(elsewhere)));
  const r = await director.invoke('vault.restoreOver', { id: '26112601', paths: [], user: '' }, ctx());
  expect(r.ok).toBe(false);
  expect((r as { error: { message: string } }).error.message).toMatch(/MANIFEST\.sig does not match MANIFEST\.json.*new folder/);
  await expect(readdir(join(dir, 'elsewhere'))).rejects.toThrow();
  expect(director.services.tasks.list()).toEqual([]);
});

it('vault.restoreOver refuses a backup whose data directory is no longer configured, naming it', async () => {
  const other = join(dir, 'other');
  await mkdir(other);
  const u = await director.invoke('settings.update', { dataDirectories: [{ path: other, label: 'Other', exclude: [] }] }, ctx());
  expect(u.ok).toBe(true);
  const r = await director.invoke('vault.restoreOver', { id: '26112601', paths: [], user: '' }, ctx());
  expect(r.ok).toBe(false);
  expect((r as { error: { message: string } }).error.message).toMatch(/data directory "Office" \(data\/\) is no longer among the data directories.*new folder/);
  expect(await readdir(other)).toEqual([]);
});
