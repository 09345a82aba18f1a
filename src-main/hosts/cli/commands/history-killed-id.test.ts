import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryListing } from '../../../../shared/history.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// A run SIGKILLed in Streaming Files whose history `folder` line was not yet on disk (the line is
// written while the run goes on; a small backup reaches Streaming Files first now and then) was
// listed for good with ID "-" after the restart, though its backup folder and BACKUP.LOG line
// name it. The killed run is real; the race is made certain by taking the `folder` line out of the
// journal, as the kill leaves it when it wins. The next start names the attempt's backup.

const repo = join(import.meta.dirname, '../../../..');
let root = '';
let cfg = '';
let hb = '';
let data = '';
const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-history-killed-'));
  cfg = join(root, 'config');
  hb = join(root, 'HotBackup');
  data = join(root, 'data');
  await Promise.all([mkdir(cfg), mkdir(hb), mkdir(data)]);
  for (const [k, v] of [['folder.path', hb], ['dataDirectories', JSON.stringify([{ path: data }])], ['engine.compression', 'none'], ['engine.volumeSize', String(1024 * 1024)]]) {
    expect((await hotbackup('settings', 'set', k as string, v as string)).code).toBe(0);
  }
  // Enough that streaming takes a while: 3 × 100 MB in 1 MiB volumes.
  for (let i = 0; i < 3; i++) await writeFile(join(data, `big-${i}.bin`), Buffer.alloc(100 * 1024 * 1024, 0x5a));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a run SIGKILLed in Streaming Files before its history knew its ID', () => {
  it('is listed with its backup ID after the restart, not "-"', { timeout: 240_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/hosts/cli/entry.ts', '--config-dir', cfg, 'backup'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (c: Buffer) => (said += c.toString()));
    child.stderr.on('data', (c: Buffer) => (said += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('exit', (code, signal) => res(signal ?? code)));
    let id = '';
    // Streaming has begun once a second volume exists in Failed/<ID>.
    for (;;) {
      const ids = await readdir(join(hb, 'Failed')).catch(() => [] as string[]);
      id = ids[0] ?? '';
      if (id && (await stat(join(hb, 'Failed', id, 'BACKUP.002')).catch(() => null))) break;
      if (child.exitCode !== null) throw new Error(`the backup ended before streaming: ${said}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const journal = join(cfg, 'run-history.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => l.includes('"type":"folder"'))).toHaveLength(1);
    await writeFile(journal, lines.filter((l) => !l.includes('"type":"folder"')).map((l) => `${l}\n`).join(''));

    // The restart: any command recovers the killed run, here the history itself.
    const listed = await hotbackup('history', '--json');
    expect(listed.code, listed.err).toBe(0);
    const entries = (JSON.parse(listed.out) as HistoryListing).entries;
    expect(entries.map((e) => [e.result, e.id])).toEqual([['Interrupted', id]]);
    const table = await hotbackup('history');
    expect(table.out.split('\n')[1]).toMatch(new RegExp(`\\bInterrupted\\s+${id}\\b`));
  });
});
