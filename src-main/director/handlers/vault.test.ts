import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext, EventName, RequestInput, RequestName } from '../../../shared/contract.js';
import type { VaultListing } from '../../../shared/vault.js';
import { updateBackupLog } from '../../engine/vault/backup-log.js';
import { acquireFolderLock } from '../../engine/vault/folder-lock.js';
import { makeBackupFixture } from '../../engine/testing/backup-fixture.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';

// vault.* requests against a real Director on real folders: progress to the caller alone,
// vault.changed to everyone, crash recovery at start, the folder lock respected.

let root = '';
let hb = '';
let director: Director | null = null;
const emitted: { event: EventName; payload: unknown }[] = [];
const broadcast: { event: EventName; payload: unknown }[] = [];
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: (event, payload) => emitted.push({ event, payload }), onDisconnect: () => undefined };

async function start(): Promise<Director> {
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false });
  director.hub.subscribe((event, payload) => broadcast.push({ event, payload }));
  return director;
}
async function ask<K extends RequestName>(name: K, input: RequestInput<K>) {
  return director!.invoke(name, input, ctx);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-vault-handlers-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
  await mkdir(join(root, 'config'));
  await start();
  expect((await ask('settings.update', { folder: { path: hb } })).ok).toBe(true);
  emitted.length = 0;
  broadcast.length = 0;
});
afterEach(async () => {
  await director?.close();
  director = null;
  await rm(root, { recursive: true, force: true });
});

const files = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/a.txt', content: 'a'.repeat(300_000) },
];

describe('vault requests', () => {
  it('a run left In Progress is marked Failed (interrupted) when the Director starts', async () => {
    await director!.close();
    await makeBackupFixture(hb, '26112601', files, { folder: 'Failed', result: 'In Progress' });
    await start();
    const r = await ask('vault.list', {});
    expect(r.ok && (r.value as VaultListing).records.map((x) => [x.id, x.result, x.error])).toEqual([['26112601', 'Failed', 'interrupted']]);
  });

  it('restore sends vault.progress to the caller only and answers with a summary', async () => {
    await makeBackupFixture(hb, '26112601', files, { compression: 'none', volumeSize: 64 * 1024 });
    const r = await ask('vault.restore', { id: '26112601', to: join(root, 'out') });
    expect(r).toMatchObject({ ok: true, value: { files: 1, directories: 1, bytes: 300_000 } });
    const progress = emitted.filter((e) => e.event === 'vault.progress').map((e) => e.payload as { step: string; bytesDone: number; bytesTotal: number });
    expect(progress.map((p) => p.step)).toContain('checking');
    expect(progress.at(-1)).toMatchObject({ step: 'restoring', bytesDone: progress.at(-1)!.bytesTotal });
    expect(broadcast.filter((e) => e.event === 'vault.progress')).toEqual([]);
  });

  it('delete broadcasts vault.changed with the IDs removed', async () => {
    await makeBackupFixture(hb, '26112501', files, { folder: 'Failed' });
    await makeBackupFixture(hb, '26112601', files);
    const r = await ask('vault.delete', { id: '26112601' });
    expect(r).toEqual({ ok: true, value: { deleted: ['26112601', '26112501'] } });
    expect(broadcast).toContainEqual({ event: 'vault.changed', payload: { reason: 'deleted 26112601, 26112501', ids: ['26112601', '26112501'] } });
  });

  it('delete is refused while a run holds the folder, naming the holder', async () => {
    await makeBackupFixture(hb, '26112601', files);
    const lock = await acquireFolderLock(hb, 'HotBackup run (Scheduled)', () => new Date(), 'director');
    try {
      const r = await ask('vault.delete', { id: '26112601' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BUSY', message: expect.stringMatching(/in use by the HotBackup Director \(process \d+ on .*\): HotBackup run \(Scheduled\)\./) } });
      expect(await readdir(join(hb, 'Recent'))).toEqual(['26112601']);
    } finally {
      await lock.release();
    }
  });

  it('list reports a repaired BACKUP.LOG and tells every client', async () => {
    await makeBackupFixture(hb, '26112601', files);
    await updateBackupLog(hb, () => []);
    const r = await ask('vault.list', {});
    expect(r.ok && (r.value as VaultListing).messages).toEqual([expect.stringMatching(/Recent\/26112601 had no BACKUP.LOG line/)]);
    expect(broadcast.map((e) => e.event)).toEqual(['vault.changed']);
  });

  it('verify and show answer NOT_FOUND for an unknown ID; bad IDs are bad input', async () => {
    expect(await ask('vault.verify', { id: '26112699' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ask('vault.show', { id: '2611' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/YYMMDDNN/) } });
  });

  it('retention is the run queue\'s cleanup hook', () => {
    expect(director!.services.runs.cleanup).toBeTypeOf('function');
  });
});
