import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// The retry, no-backup alert and scheduled verify settings from the command line, as an admin sets them.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-alerts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hotbackup = (...args: string[]) => runCliCaptured(dir, args);

describe('hotbackup settings: alerts', () => {
  it('shows the defaults, sets one key at a time keeping the others, and refuses a wrong value naming the key', async () => {
    const shown = await hotbackup('settings', 'get', 'alerts');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toEqual({ retryCount: 2, retryWaitMinutes: 15, notifyEveryAttempt: false, staleAfterHours: null, verifyEveryDays: 7, verifyWhich: 'newest' });

    expect((await hotbackup('settings', 'set', 'alerts.staleAfterHours', '36')).code).toBe(0);
    expect((await hotbackup('settings', 'set', 'alerts.verifyWhich', 'all')).code).toBe(0);
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(saved.alerts).toEqual({ retryCount: 2, retryWaitMinutes: 15, notifyEveryAttempt: false, staleAfterHours: 36, verifyEveryDays: 7, verifyWhich: 'all' });

    const refused = await hotbackup('settings', 'set', 'alerts.retryCount', '11');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('alerts.retryCount: Retries must be at most 10');
  });

  it('settings get names a field that loaded with a warning (a check added later), and prints the value as it is', async () => {
    expect((await hotbackup('settings', 'get')).code).toBe(0);
    const file = join(dir, 'settings.json');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    saved.folder.path = 'relative/HotBackup';
    await writeFile(file, JSON.stringify(saved));
    const shown = await hotbackup('settings', 'get', 'folder.path');
    expect(shown.code).toBe(0);
    expect(shown.out.trim()).toBe('relative/HotBackup');
    expect(shown.err).toMatch(/^Warning: settings\.json: folder\.path: "relative\/HotBackup" is a relative path/m);
  });
});
