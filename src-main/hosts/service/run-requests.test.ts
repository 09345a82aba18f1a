import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/contract.js';
import type { LightUpdate } from '../../../shared/run.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { startService, type RunningService } from './service.js';
import { connectWs, type WsClient } from '../client/ws-client.js';

// Two (or three) real WebSocket clients against a real Director, service and engine (worker thread).
let root: string;
let director: Director;
let service: RunningService;
const clients: WsClient[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-run-requests-'));
  const data = join(root, 'data');
  await mkdir(join(data, 'docs'), { recursive: true });
  for (let i = 0; i < 5; i++) await writeFile(join(data, 'docs', `letter-${i}.txt`), `Dear client ${i},\n`.repeat(200));
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
  service = await startService({ director, host: '127.0.0.1', port: 0, rendererDir: join(root, 'no-renderer') });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.close();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

async function client(): Promise<WsClient> {
  const c = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${service.token}`);
  clients.push(c);
  return c;
}

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The first event on `c` that satisfies `test` (events are pushed; no polling). */
function nextEvent<E extends EventName>(c: WsClient, event: E, test: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = c.on(event, (p) => {
      if (!test(p)) return;
      off();
      resolve(p);
    });
  });
}

const backupLogLines = async () =>
  (await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8')).split('\n').filter((l) => /^\d{8}\|/.test(l));

describe('tasks and traffic lights over WebSocket (real engine)', () => {
  it('A holds an exclusive task; B asks recommended/completed: the run waits, A ends, the run completes, B gets go; HB.LOG has both', async () => {
    const a = await client();
    const b = await client();
    const { token } = await ok(a.invoke('task.begin', { system: 'PC-A', user: 'alice', task: 'Reindex', exclusive: true }));

    const lights: LightUpdate[] = [];
    b.on('light.update', (u) => lights.push(u));
    const waiting = nextEvent(a, 'status.changed', (s: StatusSnapshot) => s.phase === 'Waiting for Exclusive Tasks to Finish');
    let answered = false;
    const answer = ok(b.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'bob', task: 'Close year', system: 'PC-B' })).then(
      (v) => {
        answered = true;
        return v;
      },
    );
    await waiting;
    // The run holds before its snapshot point for as long as A's task runs.
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    expect((await ok(a.invoke('status.get', {}))).phase).toBe('Waiting for Exclusive Tasks to Finish');
    expect(lights.at(-1)).toMatchObject({ state: 'waiting', phase: 'Waiting for Exclusive Tasks to Finish' });

    expect(await ok(a.invoke('task.end', { token }))).toEqual({ ended: true });
    const go = await answer;
    expect(go.state).toBe('go');
    expect(go.runId).toMatch(/^\d{8}$/);
    expect(lights.at(-1)?.state).toBe('go');
    expect((await ok(b.invoke('status.get', {}))).lastRun).toMatchObject({ id: go.runId, result: 'Succeeded', trigger: 'Requested' });

    const hbLog = await readFile(join(root, 'HotBackup', 'Recent', go.runId!, 'HB.LOG'), 'utf8');
    expect(hbLog).toContain('HB_USER_TASK_REC|System="PC-A" UserId="alice" Task="Reindex"');
    expect(hbLog).toContain('HB_USER_TASK_REC|System="PC-B" UserId="bob" Task="Close year"');
  });

  it('suggested/started gets go after the snapshot point and before the run ends; a request during the run joins it', async () => {
    const b = await client();
    const c = await client();
    // Hold the run in 'Removing Old Backups' (after the snapshot point, before it ends) until we let go.
    let letGo!: () => void;
    const held = new Promise<void>((r) => (letGo = r));
    director.services.runs.cleanup = () => held;

    const yellow = await ok(b.invoke('backup.request', { level: 'suggested', wait: 'started', user: 'bob', task: 'Delete old matters' }));
    expect(yellow.state).toBe('go');
    // What every client is told while the run is held: past its snapshot point, not ended.
    const during = await nextEvent(b, 'status.changed', (s) => s.status === 'Cleanup');
    expect(during.run).toMatchObject({ snapshotTaken: true, trigger: 'Requested' });
    expect(during.lastRun).toBeNull();

    const red = ok(c.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'carol', task: 'Restore' }));
    const started = await ok(c.invoke('backup.start', { user: 'dave' }));
    expect(started).toMatchObject({ joined: true, runKey: yellow.runKey });
    letGo();
    const redAnswer = await red;
    expect(redAnswer).toMatchObject({ state: 'go', runKey: yellow.runKey });
    expect(await backupLogLines()).toHaveLength(1); // one run, not three
  });

  it('a failed run answers failed, with the reason, to every waiting light', async () => {
    const a = await client();
    const b = await client();
    const c = await client();
    await ok(a.invoke('task.begin', { task: 'Reindex', exclusive: true })); // holds the run before its snapshot point
    const waiting = nextEvent(a, 'status.changed', (s) => s.phase === 'Waiting for Exclusive Tasks to Finish');
    const red = ok(b.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'bob', task: '' }));
    const yellow = ok(c.invoke('backup.request', { level: 'suggested', wait: 'started', user: 'carol', task: '' }));
    await waiting;
    await director.close(); // the run is stopped: it fails
    const [x, y] = await Promise.all([red, yellow]);
    expect(x).toMatchObject({ state: 'failed', reason: 'stopped by shutdown (in Waiting for Exclusive Tasks to Finish)' });
    expect(y).toMatchObject({ state: 'failed', runKey: x.runKey });
  });

  it('a light on a run that cannot start says why', async () => {
    await director.services.settings.update({ dataDirectories: [] });
    const b = await client();
    const x = await ok(b.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'bob', task: '' }));
    expect(x.state).toBe('failed');
    expect(x.reason).toMatch(/data director/i);
  });

  it('a task token expires when its client disconnects', async () => {
    const a = await client();
    const b = await client();
    await ok(a.invoke('task.begin', { task: 'Reindex', exclusive: true }));
    expect((await ok(b.invoke('task.list', {}))).tasks.map((t) => t.task)).toEqual(['Reindex']);
    a.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect((await ok(b.invoke('task.list', {}))).tasks).toEqual([]);
  });
});
