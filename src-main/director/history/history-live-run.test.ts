import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentBootId, probeProcess } from '../../base/process-identity.js';
import { formatHistoryLine, HISTORY_FILE, type HistoryLine, type Writer } from './history-format.js';
import { readHistory } from './history-store.js';
import { ownWriter } from './history-writers.js';

// A run in another live process (a CLI run into a one-off folder) is In Progress in the history,
// not Interrupted; once that process is gone (killed), it is Interrupted. Real processes.

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-history-live-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const begin = (key: string, by: Writer): HistoryLine => ({
  v: 2, type: 'begin', key, startedAt: new Date().toISOString(), trigger: 'Manual', user: 'cli', task: 'HotBackup', hotBackupFolder: '/mnt/oneoff', by,
});

describe('an attempt another process is running', () => {
  it('is In Progress while that process runs, Interrupted once it is killed; a format-1 begin stays Interrupted', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
    try {
      const probe = await probeProcess(child.pid!);
      const by = { pid: child.pid!, host: hostname(), bootId: await currentBootId(), startTicks: probe?.startTicks ?? null };
      const oldLine = JSON.stringify({ v: 1, type: 'begin', key: 'old', startedAt: '2026-11-01T02:00:00.000+00:00', trigger: 'Scheduled', user: '', task: 'HotBackup', hotBackupFolder: '/hb' }) + '\n';
      await writeFile(join(dir, HISTORY_FILE), oldLine + formatHistoryLine(begin('cli-run', by)));
      const during = await readHistory(dir);
      expect(during.entries.map((e) => [e.key, e.result])).toEqual([['old', 'Interrupted'], ['cli-run', 'In Progress']]);
      expect(during.entries[1]!.cause).toBeNull();
      // The newest entries, read from the end of the journal, say the same.
      expect((await readHistory(dir, { limit: 1 })).entries[0]!.result).toBe('In Progress');
    } finally {
      const gone = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGKILL');
      await gone;
    }
    const after = (await readHistory(dir)).entries[1]!;
    expect(after.result).toBe('Interrupted');
    expect(after.cause).toMatch(/ended before it finished/);
  });

  it("this process's own unfinished attempt is In Progress only while it is the run in progress", async () => {
    await writeFile(join(dir, HISTORY_FILE), formatHistoryLine(begin('mine', await ownWriter())));
    expect((await readHistory(dir, { activeKey: 'mine' })).entries[0]!.result).toBe('In Progress');
    expect((await readHistory(dir)).entries[0]!.result).toBe('Interrupted');
  });
});
