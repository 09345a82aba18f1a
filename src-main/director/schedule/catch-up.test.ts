import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.js';
import { createDirector } from '../director.js';
import { fakeEngine } from '../testing/fake-engine.js';
import { readHistory } from '../history/history-store.js';
import { SCHEDULE_STATE_FILE } from './watermark-store.js';

// A real Director start after downtime: one catch-up run for the missed slots, logged
// `Scheduled (catch-up)`, and not again on the next start.

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-catch-up-'));
  await mkdir(join(root, 'config'));
  const settings = defaultSettings('linux', root);
  settings.schedule = {
    entries: [{ id: 'wd', days: { kind: 'weekdays' }, times: ['12:00', '17:00'], suspended: false }],
    suspendedUntil: null,
    timeZone: 'America/New_York',
    catchUpHours: 12,
  };
  await writeFile(join(root, 'config', 'settings.json'), JSON.stringify(settings));
  // Last seen Monday 11:00 New York time.
  await writeFile(join(root, 'config', SCHEDULE_STATE_FILE), JSON.stringify({ watermark: '2026-11-16T16:00:00.000Z' }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('catch-up at Director start', () => {
  it('runs once for the missed slots, then not again', async () => {
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const now = new Date('2026-11-16T22:30:00Z'); // Monday 17:30: missed 12:00 and 17:00
    const engine = fakeEngine();
    const first = await createDirector({ configDir: join(root, 'config'), logger, home: root, clock: () => now, runBackup: engine.runBackup });
    // The run reaches the engine after the HotBackup folder's lock is taken: wait for its snapshot.
    await engine.snapshotPassed();
    expect(engine.calls.map((c) => c.trigger)).toEqual(['Scheduled (catch-up)']);
    expect(logged.join('\n')).toMatch(/2 slot\(s\) missed .* catching up once for 2026-11-16 17:00/);
    engine.finish();
    await first.services.runs.current()?.done;
    await first.close();
    expect(JSON.parse(await readFile(join(root, 'config', SCHEDULE_STATE_FILE), 'utf8')).watermark).toBe(now.toISOString());
    // The run history answers "did the 12:00 run?": missed, the Director was down; 17:00 is the catch-up attempt.
    const history = await readHistory(join(root, 'config'));
    const missed = history.entries.filter((e) => e.kind === 'missed');
    expect(missed.map((e) => [new Date(e.startedAt).toISOString(), e.result, e.cause])).toEqual([['2026-11-16T17:00:00.000Z', 'Missed', 'the Director was not running at that time']]);
    expect(history.entries.filter((e) => e.kind === 'attempt').map((e) => e.trigger)).toEqual(['Scheduled (catch-up)']);

    const again = await createDirector({ configDir: join(root, 'config'), logger, home: root, clock: () => now, runBackup: engine.runBackup });
    await again.close();
    expect(engine.calls).toHaveLength(1);
  });
});
