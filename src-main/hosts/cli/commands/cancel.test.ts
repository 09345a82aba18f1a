import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../client/package-root.js';

// Cancel from the command line: `hotbackup cancel` with nothing running, and Ctrl-C (SIGINT) on a
// backup running in the CLI's own process: recorded Failed "cancelled by …", no work files left.

const pkg = packageRoot();
const bin = join(pkg, 'bin', 'hotbackup.js');
let root = '';

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:main'], { cwd: pkg, stdio: 'ignore' });
  root = await mkdtemp(join(tmpdir(), 'hb-cli-cancel-'));
  await mkdir(join(root, 'data'));
  for (let i = 0; i < 30; i++) await writeFile(join(root, 'data', `scan${i}.tif`), randomBytes(2_000_000));
}, 120_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

const cli = (...args: string[]) => execFileSync(process.execPath, [bin, '--config-dir', join(root, 'cfg'), ...args], { encoding: 'utf8' });

describe('hotbackup cancel', () => {
  it('with nothing running says so', () => {
    expect(cli('cancel', '--user', 'ann')).toBe('No HotBackup is running: nothing to cancel.\n');
  });

  it('Ctrl-C on an in-process backup cancels it: exit 1, Failed "cancelled by ann (Ctrl-C)", no .staging, in the history', async () => {
    const proc = spawn(process.execPath, [bin, '--config-dir', join(root, 'cfg'), 'backup', '--user', 'ann', '--data', join(root, 'data'), '--folder', join(root, 'hb')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    const onData = (b: Buffer) => {
      out += b.toString();
      if (!signalled && /Locking Files|Saving Files|Streaming Files/.test(out)) {
        signalled = true;
        proc.kill('SIGINT');
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    expect(signalled).toBe(true);
    expect(code, out).toBe(1);
    expect(out).toMatch(/Failed in (Locking|Saving|Streaming) Files: cancelled by ann \(Ctrl-C\)/);
    const failed = readdirSync(join(root, 'hb', 'Failed'));
    expect(failed).toHaveLength(1);
    expect(existsSync(join(root, 'hb', 'Failed', failed[0]!, '.staging'))).toBe(false);
    expect(await readFile(join(root, 'hb', 'BACKUP.LOG'), 'utf8')).toContain('cancelled by ann (Ctrl-C)');
    expect(cli('history')).toMatch(/Failed\s+\d{8}\s+.*cancelled by ann \(Ctrl-C\)/);
  }, 120_000);
});
