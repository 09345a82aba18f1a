import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPublicSettings } from './public-settings.js';
import { SettingsStore } from './settings-store.js';

let dir: string;
const store = () => new SettingsStore({ configDir: dir, platform: 'linux', home: '/home/office' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-revision-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings revision', () => {
  it('a save based on the current revision goes through and gives a new revision', async () => {
    const s = store();
    const first = toPublicSettings(await s.load()).revision;
    const saved = toPublicSettings(await s.update({ baseRevision: first, retention: { recent: 6 } }));
    expect(saved.retention.recent).toBe(6);
    expect(saved.revision).not.toBe(first);
  });

  it('a save based on an older revision is refused with "changed in another console" and the difference; the file keeps the other save', async () => {
    const s = store();
    const opened = toPublicSettings(await s.load()).revision;
    await s.update({ baseRevision: opened, retention: { recent: 2 } });
    const stale = await s.update({ baseRevision: opened, folder: { path: '/srv/HotBackup' } }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'CONFLICT' });
    expect((stale as Error).message).toMatch(/changed in another console .*\(Recent: 4 → 2\)/);
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.retention.recent).toBe(2);
    expect(onDisk.folder.path).toBe('/home/office/HotBackup');
  });

  it('the revision is the same after a restart, so a console open across it can still save', async () => {
    const before = toPublicSettings(await store().load()).revision;
    const s = store();
    expect(toPublicSettings(await s.load()).revision).toBe(before);
    await expect(s.update({ baseRevision: before, retention: { archive: 5 } })).resolves.toMatchObject({ retention: { archive: 5 } });
  });

  it('an unknown revision is refused without a difference; a save without one (the CLI) is not checked', async () => {
    const s = store();
    await s.load();
    await expect(s.update({ baseRevision: 'not-a-revision', retention: { recent: 3 } })).rejects.toThrow(/another console .* after this form was opened\. Look/);
    await expect(s.update({ retention: { recent: 3 } })).resolves.toMatchObject({ retention: { recent: 3 } });
  });
});
