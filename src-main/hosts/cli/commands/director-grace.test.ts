import { execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/settings.js';
import { packageRoot } from '../../client/package-root.js';
import { spawnDirector } from '../testing/spawn-director.js';
import { apiUrlFromConsoleUrl, connectWs } from '../../client/ws-client.js';

// Issue 14, "never stuck": SIGTERM ends the Director within its grace period even when the run
// in progress cannot stop. A file the run reads stops answering (the list of backup drives turned
// into a FIFO: opening it blocks in the kernel, like a file on a hung network share); the run is
// stuck there and cannot honour the stop. The Director still exits 0 and the run history records the run as stopped.

const pkg = packageRoot();
let root = '';
let director: ChildProcess | null = null;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:main'], { cwd: pkg, stdio: 'ignore' });
  root = await mkdtemp(join(tmpdir(), 'hb-director-grace-'));
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, 'data', 'ledger.txt'), 'rent 2026');
  await mkdir(join(root, 'HotBackup'));
  const settings = { ...defaultSettings('linux', root), folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: join(root, 'data'), label: '', exclude: [] }] };
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'settings.json'), JSON.stringify(settings));
}, 120_000);

afterAll(async () => {
  if (director && director.exitCode === null) director.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** Whether a thread of `pid` waits to open a FIFO (Linux: its wchan is wait_for_partner). */
function blockedOnFifo(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).some((t) => {
    try {
      return readFileSync(`/proc/${pid}/task/${t}/wchan`, 'utf8') === 'wait_for_partner';
    } catch {
      return false;
    }
  });
}

describe('hotbackup director: SIGTERM while the run is stuck', () => {
  it('ends within its grace period (ending itself, the stuck call cannot be waited for) and records the run as stopped', async () => {
    const { proc, consoleUrl, exited, stderr } = await spawnDirector(join(root, 'config'), { ...process.env, HOTBACKUP_SHUTDOWN_GRACE_SECONDS: '4' });
    director = proc;
    // The file stops answering after the Director started.
    execFileSync('mkfifo', [join(root, 'config', 'backup-drives.json')]);

    const client = await connectWs(apiUrlFromConsoleUrl(consoleUrl));
    const running = new Promise<void>((resolve) => client.on('status.changed', (s) => s.run && resolve()));
    void client.invoke('backup.start', { user: 'ops', wait: false }).catch(() => undefined);
    await running;
    // Stuck for real: a thread of the Director waits in the kernel to open the FIFO.
    while (!blockedOnFifo(proc.pid!)) await new Promise((r) => setTimeout(r, 50));
    proc.kill('SIGTERM');
    // Ends itself: a normal exit would wait for the thread stuck in the kernel (libuv joins it).
    expect(await exited, stderr()).toBe('SIGKILL');
    client.close();

    const directorLog = await readFile(join(root, 'config', 'logs', 'director.log'), 'utf8');
    expect(directorLog).toContain('received SIGTERM, shutting down');
    expect(directorLog).toMatch(/run \S+ did not stop within 1 s of the shutdown request: recorded as stopped/);
    // Not the last resort: the run was recorded, then the process ended itself.
    expect(directorLog).toContain('a call into a filesystem is still stuck: ending the process (SIGKILL) instead of waiting for it');
    expect(directorLog).not.toContain('did not close within');
    const history = (await readFile(join(root, 'config', 'run-history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(history.map((h) => h.type)).toEqual(['begin', 'end']);
    expect(history[1]).toMatchObject({
      result: 'Failed', causeKind: 'stopped',
      cause: 'stopped by shutdown: the Director shut down and the run did not stop within 1 s (a drive or network share not answering?)',
    });
  }, 60_000);
});
