import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsInvalidError, SettingsStore } from './settings-store.js';

let dir: string;
const store = () => new SettingsStore({ configDir: dir, platform: 'linux', home: '/home/office', clock: () => new Date('2026-11-26T10:00:00Z') });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('creates defaults on first start: ~/HotBackup, 4 Recent, 2 Archive', async () => {
    const s = await store().load();
    expect(s.folder.path).toBe('/home/office/HotBackup');
    expect(s.retention).toEqual({ recent: 4, archive: 2 });
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(4);
  });

  it('reports a corrupt file, keeps it aside, and never overwrites it with defaults', async () => {
    const broken = '{ "schemaVersion": 1, "retention": { "recent": ';
    await writeFile(join(dir, 'settings.json'), broken);
    const err = await store().load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsInvalidError);
    expect((err as Error).message).toMatch(/is not valid JSON/);
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(broken);
    const kept = (await readdir(dir)).filter((f) => f.startsWith('settings.json.bad-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, kept[0]!), 'utf8')).toBe(broken);
  });

  it('names the wrong field', async () => {
    await store().load();
    const file = join(dir, 'settings.json');
    const s = JSON.parse(await readFile(file, 'utf8'));
    s.retention.recent = 0;
    const text = JSON.stringify(s);
    await writeFile(file, text);
    const err = await store().load().catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/retention\.recent: Recent must be at least 1/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('refuses an invalid update and leaves the file byte-identical', async () => {
    const s = store();
    await s.load();
    const before = await readFile(join(dir, 'settings.json'), 'utf8');
    await expect(s.update({ retention: { archive: 100 } })).rejects.toThrow(/retention\.archive: Archive must be at most 99/);
    await expect(s.update({ folder: { path: 'relative/dir' } })).rejects.toThrow(/relative path/);
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(before);
    const saved = await s.update({ retention: { archive: 5 } });
    expect(saved.retention).toEqual({ recent: 4, archive: 5 });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).retention.archive).toBe(5);
  });

  it('reads a version 1 file: data directories get stable IDs, written back as version 4 (the old file kept beside it)', async () => {
    const v1 = { schemaVersion: 1, folder: { path: '/srv/HotBackup' }, dataDirectories: [{ path: '/srv/office', label: 'Office', exclude: [] }] };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(v1));
    const s = await store().load();
    const id = s.dataDirectories[0]?.id;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(4);
    expect(onDisk.dataDirectories[0].id).toBe(id);
    expect(JSON.parse(await readFile(join(dir, 'settings.json.before-v4'), 'utf8'))).toEqual(v1);
    expect((await store().load()).dataDirectories[0]?.id).toBe(id);
  });

  it('keeps a data directory ID when an update lists the directory without it, and gives a new one to a new directory', async () => {
    const st = store();
    await st.load();
    const first = await st.update({ dataDirectories: [{ path: '/srv/office', label: 'Office', exclude: [] }] });
    const id = first.dataDirectories[0]?.id;
    const next = await st.update({ dataDirectories: [{ path: '/srv/office', label: 'Renamed', exclude: [] }, { path: '/srv/mail', label: '', exclude: [] }] });
    expect(next.dataDirectories[0]?.id).toBe(id);
    expect(next.dataDirectories[1]?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(next.dataDirectories[1]?.id).not.toBe(id);
  });

  it('refuses a settings file of an unknown version, naming the versions it reads', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 99 }));
    await expect(store().load()).rejects.toThrow(/schemaVersion is 99, this HotBackup reads versions 1 to 4/);
  });
});

describe('settings files as offices have them', () => {
  it.each([['[]'], ['null'], ['"settings"'], ['42']])('refuses %s (not a settings object) and keeps it aside', async (content) => {
    await writeFile(join(dir, 'settings.json'), content);
    const err = await store().load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsInvalidError);
    expect((err as Error).message).toMatch(/ is invalid: it holds .*, not a settings object/);
    expect(await readFile((err as SettingsInvalidError).keptAt!, 'utf8')).toBe(content);
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(content);
  });

  it('reads settings.json as written by the first release (format 1) unchanged', async () => {
    const fixture = await readFile(new URL('./testing/fixtures/settings-v1.json', import.meta.url), 'utf8');
    await writeFile(join(dir, 'settings.json'), fixture);
    const s = store();
    const loaded = await s.load();
    expect(s.loadWarnings).toEqual([]);
    // Every value of the file is kept; keys added since get their defaults; data directories get IDs (version 2).
    const { schemaVersion, dataDirectories, ...rest } = JSON.parse(fixture) as { schemaVersion: number; dataDirectories: object[] };
    expect(schemaVersion).toBe(1);
    expect(loaded).toMatchObject({ ...rest, schemaVersion: 4, dataDirectories: dataDirectories.map((d) => ({ ...d, id: expect.stringMatching(/^[0-9a-f]{12}$/) })) });
    expect(loaded.dataDirectories.map((d) => d.includeUnsettled ?? false)).toEqual([false, false]);
    expect(loaded.dataDirectories.map((d) => d.label)).toEqual(['Ledger', 'Documents']);
    expect(loaded.schedule.entries[0]).toMatchObject({ days: { kind: 'weekdays' }, times: ['12:30', '18:00'] });
  });

  it('reads settings.json of format 2 (data directory IDs) unchanged; a per-directory includeUnsettled (format 3) is kept', async () => {
    const fixture = await readFile(new URL('./testing/fixtures/settings-v2.json', import.meta.url), 'utf8');
    await writeFile(join(dir, 'settings.json'), fixture);
    const s = store();
    const loaded = await s.load();
    expect(s.loadWarnings).toEqual([]);
    const { schemaVersion, ...rest } = JSON.parse(fixture) as { schemaVersion: number };
    expect(schemaVersion).toBe(2);
    expect(loaded).toMatchObject({ ...rest, schemaVersion: 4 });
    expect(loaded.dataDirectories.map((d) => d.id)).toEqual(['a1b2c3d4e5f6', '0f1e2d3c4b5a']);
    const dirs = loaded.dataDirectories.map((d, i) => (i === 1 ? { ...d, includeUnsettled: true } : d));
    const saved = await s.update({ dataDirectories: dirs });
    expect(saved.dataDirectories.map((d) => d.includeUnsettled ?? false)).toEqual([false, true]);
    const again = await store().load();
    expect(again.schemaVersion).toBe(4);
    expect(again.dataDirectories[1]).toMatchObject({ label: 'Documents', includeUnsettled: true });
  });

  it('a value failing a form check added later loads with a warning naming the field; only edits that keep a failing value are refused', async () => {
    const fixture = JSON.parse(await readFile(new URL('./testing/fixtures/settings-v1.json', import.meta.url), 'utf8'));
    fixture.email.messages[0].to = ['office manager'];
    await writeFile(join(dir, 'settings.json'), JSON.stringify(fixture));
    const s = store();
    const loaded = await s.load();
    expect(loaded.email.messages[0]!.to).toEqual(['office manager']);
    expect(s.loadWarnings).toEqual([expect.stringMatching(/^settings\.json: email\.messages\.0\.to\.0: .* It is used as it is; correct it/)]);
    // Another field may still be changed; the old value stays as it was.
    expect((await s.update({ retention: { recent: 5 } })).retention.recent).toBe(5);
    // A new value that fails the check is refused, naming the field; a corrected one is saved.
    await expect(s.update({ email: { messages: [{ ...fixture.email.messages[0], to: ['still wrong'] }] } })).rejects.toThrow(/Settings not saved: email\.messages\.0\.to\.0/);
    expect((await s.update({ email: { messages: [{ ...fixture.email.messages[0], to: ['office@example.com'] }] } })).email.messages[0]!.to).toEqual(['office@example.com']);
  });

  it('a file that is not UTF-8 (a Latin-1 path) is refused naming the line, kept aside byte for byte, never rewritten with U+FFFD', async () => {
    const fixture = JSON.parse(await readFile(new URL('./testing/fixtures/settings-v1.json', import.meta.url), 'utf8'));
    fixture.folder.path = '/srv/Sauvegarde-PLACEHOLDER';
    const text = JSON.stringify(fixture, null, 2);
    const line = text.slice(0, text.indexOf('PLACEHOLDER')).split('\n').length;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, text.indexOf('PLACEHOLDER'))), Buffer.from([0x45, 0x74, 0xe9]), Buffer.from(text.slice(text.indexOf('PLACEHOLDER') + 11))]);
    await writeFile(join(dir, 'settings.json'), bytes);
    const err = await store().load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsInvalidError);
    expect((err as Error).message).toContain(`it is not UTF-8 text (byte 0xe9 on line ${line} is not UTF-8`);
    expect((err as Error).message).toContain('save it as UTF-8');
    expect(await readFile(join(dir, 'settings.json'))).toEqual(bytes);
    const kept = (await readdir(dir)).filter((f) => f.startsWith('settings.json.bad-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, kept[0]!))).toEqual(bytes);
  });

  it('a UTF-8 file with a byte-order mark and non-ASCII names loads', async () => {
    const fixture = JSON.parse(await readFile(new URL('./testing/fixtures/settings-v1.json', import.meta.url), 'utf8'));
    fixture.folder.path = '/srv/Sauvegarde-Été';
    await writeFile(join(dir, 'settings.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(fixture))]));
    expect((await store().load()).folder.path).toBe('/srv/Sauvegarde-Été');
  });
});
