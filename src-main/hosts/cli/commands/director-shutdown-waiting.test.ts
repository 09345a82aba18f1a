import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightUpdate } from '../../../../shared/run.js';
import { defaultSettings } from '../../../../shared/settings.js';
import { packageRoot } from '../../client/package-root.js';
import { spawnDirector } from '../testing/spawn-director.js';
import { apiUrlFromConsoleUrl, connectWs, type WsClient } from '../../client/ws-client.js';

// SIGTERM to a headless Director while a red light's run waits for a cancelled run to end: the
// light hears "stopped by shutdown" (not a lost connection), and the run history has no attempt
// left "Interrupted" (as if the Director had been killed).

const pkg = packageRoot();
let root = '';
let director: ChildProcess | null = null;
const clients: WsClient[] = [];

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:main'], { cwd: pkg, stdio: 'ignore' });
  root = await mkdtemp(join(tmpdir(), 'hb-director-sigterm-waiting-'));
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  for (let i = 0; i < 6; i++) await writeFile(join(data, `scan-${i}.bin`), randomBytes(20 * 1024 * 1024));
  const settings = { ...defaultSettings('linux', root), folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] };
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'settings.json'), JSON.stringify(settings));
});

afterAll(async () => {
  for (const c of clients) c.close();
  if (director && director.exitCode === null) director.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

describe('hotbackup director: SIGTERM while a run waits for a cancelled one', () => {
  it('the waiting red light is answered failed "stopped by shutdown"; history and BACKUP.LOG have no run left in progress', async () => {
    const { proc, consoleUrl, exited, stderr } = await spawnDirector(join(root, 'config'));
    director = proc;
    const ann = await connectWs(apiUrlFromConsoleUrl(consoleUrl));
    const bob = await connectWs(apiUrlFromConsoleUrl(consoleUrl));
    clients.push(ann, bob);
    const saving = new Promise<void>((resolve) => ann.on('status.changed', (s) => s.status === 'Saving' && resolve()));
    const started = await ann.invoke('backup.start', { user: 'ann' });
    if (!started.ok) throw new Error(started.error.message);
    await saving;

    // The cancel and the request go out together: the request comes while the cancelled run ends.
    const firstLight = new Promise<LightUpdate>((resolve) => bob.on('light.update', resolve));
    const cancelled = ann.invoke('run.cancel', { user: 'ann' });
    const red = bob.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'bob', task: 'Month end', system: 'PC2' });
    expect(await cancelled).toMatchObject({ ok: true, value: { cancelled: true, runKey: started.value.runKey } });
    expect((await firstLight).runKey).not.toBe(started.value.runKey); // a new run, waiting
    proc.kill('SIGTERM');

    expect(await red).toMatchObject({ ok: true, value: { state: 'failed', reason: expect.stringMatching(/^stopped by shutdown/) } });
    expect(await exited, stderr()).toBe('0');
    const history = (await readFile(join(root, 'config', 'run-history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; key: string; cause?: string });
    const begun = history.filter((e) => e.type === 'begin').map((e) => e.key);
    const ends = history.filter((e) => e.type === 'end');
    expect(ends.map((e) => e.key).sort()).toEqual([...begun].sort());
    expect(ends.map((e) => e.cause).sort()).toEqual(['cancelled by ann', 'stopped by shutdown']);
    const log = await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8');
    expect(log).not.toContain('In Progress');
    expect(log).toContain('|cancelled by ann|');
  });
});
