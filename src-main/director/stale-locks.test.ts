import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.js';
import { FOLDER_LOCK_NAME } from '../engine/vault/folder-lock.js';
import { createDirector, type Director } from './director.js';
import { LOCK_FILE } from './director-lock.js';
import { silentLogger } from '../base/logger.js';
import { SCHEDULE_STATE_FILE } from './schedule/watermark-store.js';

// After a power cut the lock files name a pid that now belongs to another program. The Director
// must still start and run the schedule: scheduled backups never stop for good.

let root = '';
let other: ChildProcess | null = null;
let director: Director | null = null;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-stale-locks-'));
});
afterEach(async () => {
  await director?.close();
  director = null;
  other?.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

describe('Director start with stale locks', () => {
  it('starts and runs a scheduled backup though both lock files name a live unrelated process', async () => {
    other = spawn('sleep', ['120'], { stdio: 'ignore' });
    const config = join(root, 'config');
    const hb = join(root, 'HotBackup');
    await mkdir(join(root, 'data'), { recursive: true });
    await writeFile(join(root, 'data', 'ledger.txt'), 'rent 2026');
    await mkdir(config);
    await mkdir(hb);
    const now = new Date();
    const settings = defaultSettings('linux', root);
    settings.folder.path = hb;
    settings.dataDirectories = [{ path: join(root, 'data'), label: 'data', exclude: [] }];
    settings.engine.compression = 'none';
    settings.schedule = { entries: [{ id: 'night', days: { kind: 'everyDay' }, times: [hhmm(new Date(now.getTime() - 30 * 60_000))], suspended: false }], suspendedUntil: null, timeZone: 'UTC', catchUpHours: 12 };
    await writeFile(join(config, 'settings.json'), JSON.stringify(settings));
    await writeFile(join(config, SCHEDULE_STATE_FILE), JSON.stringify({ watermark: new Date(now.getTime() - 60 * 60_000).toISOString() }));
    // The locks as a power cut leaves them: our format, but the pid is now `sleep`'s; and the
    // old format (no start time) written before `sleep` started.
    await writeFile(join(config, LOCK_FILE), JSON.stringify({ pid: other.pid, startedAt: '2026-01-01T00:00:00.000Z', url: 'http://127.0.0.1:1/' }));
    await writeFile(join(hb, FOLDER_LOCK_NAME), JSON.stringify({ format: 1, pid: other.pid, host: (await import('node:os')).hostname(), bootId: null, startTicks: '1', since: now.toISOString(), holder: 'director', purpose: 'HotBackup run (Scheduled)' }));

    director = await createDirector({ configDir: config, logger: silentLogger, home: root });
    const run = director.services.runs.current();
    expect(run?.state.trigger).toBe('Scheduled (catch-up)');
    const result = await run!.done;
    expect(result).toMatchObject({ result: 'Succeeded' });
    expect(await readFile(join(hb, 'BACKUP.LOG'), 'utf8')).toMatch(/\|Scheduled \(catch-up\)\|.*\|Succeeded\|/);
    expect(JSON.parse(await readFile(join(config, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'director' });
  });
});
