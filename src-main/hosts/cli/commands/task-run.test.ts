import { localAdmin } from '../../../../shared/roles.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../../shared/contract.js';
import type { StatusSnapshot } from '../../../../shared/status.js';
import { createDirector, type Director } from '../../../director/director.js';
import { silentLogger } from '../../../base/logger.js';
import { startService, type RunningService } from '../../service/service.js';
import { runCli } from '../main.js';

// Acceptance 4 of issue 5: `hotbackup task run --exclusive --name Reindex -- sleep 2` while a
// scheduled run comes due. The Director runs here with a clock we can move; the slot is fired
// by the real Scheduler, the run by the real engine.

let root = '';
let cfg = '';
let director: Director;
let service: RunningService;
let offsetMs = 0;
const ctx: CallContext = { clientId: 'test', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-task-run-'));
  cfg = join(root, 'config');
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  for (let i = 0; i < 4; i++) await writeFile(join(data, `ledger-${i}.csv`), 'date,amount\n'.repeat(500));
  offsetMs = 0;
  director = await createDirector({ configDir: cfg, logger: silentLogger, home: root, clock: () => new Date(Date.now() + offsetMs) });
  service = await startService({ director, host: '127.0.0.1', port: 0, rendererDir: join(root, 'no-renderer') });
  const r = await director.invoke(
    'settings.update',
    { folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] },
    ctx,
  );
  expect(r.ok).toBe(true);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await director.close();
  await service.close();
  await rm(root, { recursive: true, force: true });
});

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 10));
}

describe('hotbackup task run --exclusive while a scheduled run is due', () => {
  it('the run waits for the task, then completes after it; HB.LOG records the task', async () => {
    // A daily slot half an hour ahead (UTC), so node-cron's real timer stays out of the test's way.
    const slot = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
    const hhmm = slot.toISOString().slice(11, 16);
    const added = await director.invoke('schedule.add', { id: 'daily', days: { kind: 'everyDay' }, times: [hhmm] }, ctx);
    expect(added.ok).toBe(true);
    await director.invoke('settings.update', { schedule: { timeZone: 'UTC' } }, ctx);

    const statuses: { at: number; s: StatusSnapshot }[] = [];
    director.hub.subscribe((event, payload) => {
      if (event === 'status.changed') statuses.push({ at: Date.now(), s: payload as StatusSnapshot });
    });

    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((out += String(c)), true));

    // When the Director hears task.end (the CLI's answer arrives a little later).
    let taskEndedAt = 0;
    const tasks = director.services.tasks;
    const end = tasks.end.bind(tasks);
    tasks.end = (token) => {
      taskEndedAt = Date.now();
      return end(token);
    };
    // The task is `sleep 2`, held back until the run is seen waiting: the engine's worker may take
    // longer than two seconds to start on a loaded machine, and then there would be nothing to wait for.
    const go = join(root, 'go');
    const task = runCli([
      '--config-dir', cfg, 'task', 'run', '--exclusive', '--name', 'Reindex', '--',
      'sh', '-c', `until [ -f '${go}' ]; do sleep 0.05; done; sleep 2`,
    ]);
    await until(() => director.services.tasks.list().length === 1);

    // The slot comes due: move the Director's clock past it and let the scheduler wake.
    offsetMs = slot.getTime() + 5_000 - Date.now();
    director.services.scheduler.wake();
    const run = director.services.runs.current()!;
    expect(run.state.trigger).toBe('Scheduled');
    let snapshotAt = 0;
    run.subscribe((r) => {
      if (r.state.snapshotTaken && !snapshotAt) snapshotAt = Date.now();
    });
    await until(() => statuses.some((x) => x.s.phase === 'Waiting for Exclusive Tasks to Finish'));

    out = '';
    expect(await runCli(['--config-dir', cfg, 'status'])).toBe(0);
    expect(out).toContain('Status: Pending — Waiting for Exclusive Tasks to Finish');
    expect(out).toContain('Scheduled');
    await writeFile(go, '');

    expect(await task).toBe(0);
    await until(() => statuses.some((x) => x.s.lastRun !== null));
    const last = statuses.find((x) => x.s.lastRun !== null)!;
    expect(last.s.lastRun).toMatchObject({ result: 'Succeeded', trigger: 'Scheduled' });
    expect(snapshotAt).toBeGreaterThan(0);
    expect(taskEndedAt).toBeGreaterThan(0);
    expect(snapshotAt).toBeGreaterThanOrEqual(taskEndedAt); // the snapshot point came after the task ended
    const hbLog = await readFile(join(root, 'HotBackup', 'Recent', last.s.lastRun!.id!, 'HB.LOG'), 'utf8');
    expect(hbLog).toMatch(/HB_USER_TASK_REC\|System="[^"]*" UserId="[^"]*" Task="Reindex"/);
  });

  it('exits with the command\'s exit code, and 3 when no Director runs', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runCli(['--config-dir', cfg, 'task', 'run', '--name', 'Fails', '--', 'sh', '-c', 'exit 7'])).toBe(7);
    expect(director.services.tasks.list()).toEqual([]);
    expect(await runCli(['--config-dir', join(root, 'elsewhere'), 'task', 'run', '--name', 'X', '--', 'true'])).toBe(3);
  });
});
