import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext, RequestInput, RequestName } from '../../../shared/contract.js';
import type { HistoryListing } from '../../../shared/history.js';
import type { BackupStarted } from '../../../shared/run.js';
import type { VaultListing } from '../../../shared/vault.js';
import { backupIdPrefix } from '../../engine/vault/backup-id.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';
import { recordMissedSlot } from './history-store.js';

// The run history with a real Director and the real engine: every attempt listed, including one
// that failed before its folder existed (and used no ID), backups retention deleted, and a missed slot.

let root = '';
let director: Director | null = null;
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
const ask = async <K extends RequestName>(name: K, input: RequestInput<K>) => {
  const r = await director!.invoke(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
};
const backup = async () => ((await ask('backup.start', { user: 'ann', task: 'test', wait: true })) as BackupStarted).outcome!;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-history-wired-'));
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data', 'letter.txt'), 'Dear client');
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false });
  await ask('settings.update', {
    folder: { path: join(root, 'hb') },
    dataDirectories: [{ path: join(root, 'data'), label: 'data', exclude: [] }],
    retention: { recent: 1, archive: 0 },
  });
});
afterEach(async () => {
  await director?.close();
  director = null;
  await rm(root, { recursive: true, force: true });
});

describe('run history', () => {
  it('lists an early failure without an ID, backups retention deleted, and a missed slot; the early failure uses no ID', async () => {
    const first = await backup();
    expect(first.result).toBe('Succeeded');
    await rm(join(root, 'data'), { recursive: true });
    const early = await backup();
    expect([early.result, early.id, early.backupPath]).toEqual(['Failed', null, null]);
    await mkdir(join(root, 'data'));
    await writeFile(join(root, 'data', 'letter.txt'), 'Dear client, again');
    const third = await backup();
    expect(third.result).toBe('Succeeded');
    const today = backupIdPrefix(new Date(Date.parse(first.startedAt)));
    // The early failure did not use up an ID: the next backup is 02.
    expect([first.id, third.id]).toEqual([`${today}01`, `${today}02`]);
    await recordMissedSlot(join(root, 'config'), { slot: new Date(Date.parse(first.startedAt) - 3_600_000), cause: 'the Director was not running', hotBackupFolder: join(root, 'hb') });

    const vault = (await ask('vault.list', {})) as VaultListing;
    expect(vault.records.map((r) => r.id)).toEqual([`${today}02`]); // retention deleted 01
    const h = (await ask('history.list', {})) as HistoryListing;
    expect(h.entries.map((e) => [e.kind, e.result, e.id, e.user, e.trigger])).toEqual([
      ['missed', 'Missed', null, '', 'Scheduled'],
      ['attempt', 'Succeeded', `${today}01`, 'ann', 'On Demand'],
      ['attempt', 'Failed', null, 'ann', 'On Demand'],
      ['attempt', 'Succeeded', `${today}02`, 'ann', 'On Demand'],
    ]);
    const failed = h.entries[2]!;
    expect(failed.cause).toBe(early.error);
    expect(failed.cause).toContain(join(root, 'data'));
    expect(failed.phase).toBe(early.failedPhase);
    expect(h.entries[1]!.files).toBe(1);
    expect(((await ask('history.list', { limit: 2 })) as HistoryListing).entries.map((e) => e.id)).toEqual([null, `${today}02`]);
  });

  it('a history that cannot be written (a folder in its place): the run still succeeds, and status and the result warn, naming the file and the fix', async () => {
    await mkdir(join(root, 'config', 'run-history.jsonl'), { recursive: true });
    const r = await backup();
    expect(r.result).toBe('Succeeded');
    const warning = r.warnings.find((w) => w.startsWith('The run history'));
    expect(warning).toContain(join(root, 'config', 'run-history.jsonl'));
    expect(warning).toMatch(/could not record its start \(it is a folder, not a file\).*Check that the config directory is a writable folder/);
    expect(warning).not.toMatch(/EISDIR/);
    const status = (await ask('status.get', {})) as { warnings: string[] };
    expect(status.warnings).toContain(warning);
  });
});
