import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../settings/settings-store.js';

let dir: string;
const store = () => new SettingsStore({ configDir: dir, platform: 'linux', home: '/home/office' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-alert-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('alerts settings', () => {
  it('a settings.json written before the alerts section existed loads with the defaults', async () => {
    await store().load();
    const file = join(dir, 'settings.json');
    const old = JSON.parse(await readFile(file, 'utf8'));
    delete old.alerts;
    old.retention.recent = 7;
    await writeFile(file, JSON.stringify(old));
    const s = await store().load();
    expect(s.alerts).toEqual({ retryCount: 2, retryWaitMinutes: 15, notifyEveryAttempt: false, staleAfterHours: null, verifyEveryDays: 7, verifyWhich: 'newest' });
    expect(s.retention.recent).toBe(7);
  });

  it('a section missing a field gets that field\'s default', async () => {
    await store().load();
    const file = join(dir, 'settings.json');
    const s = JSON.parse(await readFile(file, 'utf8'));
    s.alerts = { retryCount: 4 };
    await writeFile(file, JSON.stringify(s));
    expect((await store().load()).alerts).toEqual({ retryCount: 4, retryWaitMinutes: 15, notifyEveryAttempt: false, staleAfterHours: null, verifyEveryDays: 7, verifyWhich: 'newest' });
  });

  it('an edit of one field keeps the others; a wrong value is refused with the field named', async () => {
    const s = store();
    await s.load();
    await s.update({ alerts: { retryWaitMinutes: 30, notifyEveryAttempt: true } });
    const saved = await s.update({ alerts: { retryCount: 0 } });
    expect(saved.alerts).toEqual({ retryCount: 0, retryWaitMinutes: 30, notifyEveryAttempt: true, staleAfterHours: null, verifyEveryDays: 7, verifyWhich: 'newest' });
    await expect(s.update({ alerts: { retryCount: 11 } })).rejects.toThrow(/alerts\.retryCount: Retries must be at most 10/);
  });
});
