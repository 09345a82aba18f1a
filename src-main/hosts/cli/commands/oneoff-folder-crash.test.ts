import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupIdPrefix } from '../../../engine/vault/backup-id.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// A CLI run into a one-off --folder (not the saved one) killed with SIGKILL: the next CLI command
// settles that folder's BACKUP.LOG line, not only a Director whose folder it is.

const repo = join(import.meta.dirname, '../../../..');
let root = '';
let cfg = '';
let oneOff = '';
let data = '';
const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-oneoff-crash-'));
  cfg = join(root, 'config');
  oneOff = join(root, 'OneOff');
  data = join(root, 'data');
  await mkdir(cfg);
  await mkdir(data);
  for (const [k, v] of [['folder.path', join(root, 'Saved')], ['engine.compression', 'none'], ['engine.volumeSize', String(1024 * 1024)]]) {
    expect((await hotbackup('settings', 'set', k as string, v as string)).code).toBe(0);
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a CLI run into a one-off --folder killed with SIGKILL', () => {
  it('its In Progress line is settled Failed (interrupted) by the next CLI command', async () => {
    const chunk = Buffer.alloc(100 * 1024 * 1024, 0x5a);
    for (let i = 0; i < 4; i++) await writeFile(join(data, `big-${i}.bin`), chunk);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/hosts/cli/entry.ts', '--config-dir', cfg, 'backup', '--data', data, '--folder', oneOff], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (c: Buffer) => (said += c.toString()));
    child.stderr.on('data', (c: Buffer) => (said += c.toString()));
    let ended = false;
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('exit', (code, signal) => ((ended = true), res(signal ?? code))));
    const id = `${backupIdPrefix(new Date())}01`;
    // Streaming has begun once the second volume exists in Failed/<ID>.
    while (!(await stat(join(oneOff, 'Failed', id, 'BACKUP.002')).catch(() => null))) {
      if (ended) throw new Error(`the run ended before it could be killed: ${said}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await readFile(join(oneOff, 'BACKUP.LOG'), 'utf8')).toMatch(new RegExp(`^${id}\\|On Demand\\|[^|]*\\|\\|In Progress\\|Failed\\|`, 'm'));

    // Any next command starts the CLI's Director, which settles it: the history names the folder, its lock holder is dead.
    expect((await hotbackup('status')).code).toBe(0);
    expect(await readFile(join(oneOff, 'BACKUP.LOG'), 'utf8')).toMatch(new RegExp(`^${id}\\|On Demand\\|[^|]*\\|[^|]+\\|Failed\\|Failed\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|interrupted`, 'm'));
    expect(await readFile(join(oneOff, 'Failed', id, 'HB.LOG'), 'utf8')).toMatch(/\|HB_INTERRUPTED\|/);
  }, 240_000);
});
