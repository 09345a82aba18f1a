import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/settings.js';
import { packageRoot } from '../../client/package-root.js';
import { spawnDirector } from '../testing/spawn-director.js';
import { apiUrlFromConsoleUrl, connectWs } from '../../client/ws-client.js';

// Acceptance 5 of issue 5: SIGTERM to a headless Director in the middle of a run leaves a
// Failed run with the reason in BACKUP.LOG, and no "In Progress" line.

const pkg = packageRoot();
let root = '';
let director: ChildProcess | null = null;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:main'], { cwd: pkg, stdio: 'ignore' });
  root = await mkdtemp(join(tmpdir(), 'hb-director-sigterm-'));
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  // Enough incompressible data that the run is still saving when the signal comes.
  for (let i = 0; i < 6; i++) await writeFile(join(data, `scan-${i}.bin`), randomBytes(40 * 1024 * 1024));
  const settings = { ...defaultSettings('linux', root), folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] };
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'settings.json'), JSON.stringify(settings));
});

afterAll(async () => {
  if (director && director.exitCode === null) director.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

describe('hotbackup director: SIGTERM mid-run', () => {
  it('stops the run and records it Failed "stopped by shutdown", with no In Progress line', async () => {
    const { proc, consoleUrl, exited, stderr } = await spawnDirector(join(root, 'config'));
    director = proc;

    const client = await connectWs(apiUrlFromConsoleUrl(consoleUrl));
    const saving = new Promise<void>((resolve) =>
      client.on('status.changed', (s) => {
        if (s.status === 'Saving') resolve();
      }),
    );
    const started = await client.invoke('backup.start', { user: 'ops' });
    expect(started.ok).toBe(true);
    await saving;
    proc.kill('SIGTERM');
    expect(await exited, stderr()).toBe('0');
    client.close();

    const lines = (await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8')).split('\n').filter((l) => /^\d{8}\|/.test(l));
    expect(lines).toHaveLength(1);
    const [id, trigger, , ended, result, folder, user, , , , error] = lines[0]!.split('|');
    expect({ trigger, result, folder, user, error }).toEqual({ trigger: 'On Demand', result: 'Failed', folder: 'Failed', user: 'ops', error: 'stopped by shutdown' });
    expect(ended).not.toBe('');
    expect(lines.join('\n')).not.toContain('In Progress');
    const directorLog = await readFile(join(root, 'config', 'logs', 'director.log'), 'utf8');
    expect(directorLog).toContain('received SIGTERM, shutting down');
    expect(directorLog).toMatch(new RegExp(`run \\S+ ended: ${id} Failed .*stopped by shutdown`));
  });
});
