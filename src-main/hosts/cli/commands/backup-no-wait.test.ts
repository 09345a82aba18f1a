import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { runCli } from '../main.js';

// `backup --no-wait` with no Director running: the run would happen in this command, which
// returns at once, so the run was stopped as the command ended and recorded Failed
// ("stopped by shutdown") while the command said Started and exited 0.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-no-wait-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function hotbackup(...args: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  const code = await runCli(['--config-dir', join(dir, 'config'), ...args]);
  vi.restoreAllMocks();
  return { code, out, err };
}

it('backup --no-wait without a running Director refuses in words and starts no run that would be cut short', async () => {
  const data = join(dir, 'data');
  await mkdir(data);
  await writeFile(join(data, 'a.txt'), 'hello');
  expect((await hotbackup('settings', 'set', 'folder.path', join(dir, 'HotBackup'))).code).toBe(0);
  expect((await hotbackup('data', 'add', data)).code).toBe(0);
  const r = await hotbackup('backup', '--no-wait');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--no-wait/);
  expect(r.err).toMatch(/hotbackup director/);
  const history = await hotbackup('history', '--json');
  expect((JSON.parse(history.out) as { entries: unknown[] }).entries).toEqual([]);
});
