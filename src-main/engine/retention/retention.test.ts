import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog, updateBackupLog, upsertRecord } from '../vault/backup-log.js';
import { deleteBackup } from './delete-backup.js';
import { hbLogAppender } from '../vault/stored-hb-log.js';
import { applyRetention } from './retention-apply.js';
import type { RetentionLimits } from './retention-decision.js';

// Acceptance 1: retention walked through sequences of runs, count changes and manual deletes,
// on real folders. Steps: S = a run that succeeds (then cleanup), F = a run that fails,
// P = a run still being validated when a cleanup happens (stays In Progress),
// 'L r/a' = change the counts, 'D NN' = the admin deletes backup 261126NN.
// After every step BACKUP.LOG must list exactly the folders on disk.

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-retention-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (id: string, result: BackupRecord['result'], folder: BackupRecord['folder']): BackupRecord => ({
  id, trigger: 'On Demand', started: '2026-11-26T09:00:00.000+00:00', ended: null, result, folder,
  user: 'frank', task: '', files: 1, bytes: 10, error: result === 'Failed' ? 'boom' : '', foundOnDisk: false,
});

async function startRun(id: string): Promise<string> {
  const path = join(dir, 'Failed', id);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'BACKUP.001'), `data of ${id}`);
  await hbLogAppender(path)('HB_BEGIN', id);
  await updateBackupLog(dir, (rs) => upsertRecord(rs, record(id, 'In Progress', 'Failed')));
  return path;
}

async function runStep(step: string, state: { next: number; limits: RetentionLimits }): Promise<void> {
  const [kind, arg] = step.split(' ');
  if (kind === 'L') {
    const [recent, archive] = (arg as string).split('/').map(Number);
    state.limits = { recent: recent as number, archive: archive as number };
    return;
  }
  if (kind === 'D') {
    await deleteBackup(dir, `261126${arg}`);
    return;
  }
  const id = `261126${String(state.next++).padStart(2, '0')}`;
  const path = await startRun(id);
  if (kind === 'F') {
    await updateBackupLog(dir, (rs) => upsertRecord(rs, record(id, 'Failed', 'Failed')));
  } else if (kind === 'P') {
    await applyRetention({ hotBackupFolder: dir, retention: state.limits, log: hbLogAppender(path) });
  } else {
    await mkdir(join(dir, 'Recent'), { recursive: true });
    await rename(path, join(dir, 'Recent', id));
    await updateBackupLog(dir, (rs) => upsertRecord(rs, record(id, 'Succeeded', 'Recent')));
    await applyRetention({ hotBackupFolder: dir, retention: state.limits, log: hbLogAppender(join(dir, 'Recent', id)) });
  }
}

async function layout(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const f of ['Recent', 'Archive', 'Failed']) {
    const names = await readdir(join(dir, f)).catch(() => [] as string[]);
    out[f] = names.map((n) => n.slice(6)).sort();
  }
  return out;
}

async function logLayout(): Promise<Record<string, string[]>> {
  const { records, damaged } = await readBackupLog(dir);
  expect(damaged).toEqual([]);
  const out: Record<string, string[]> = { Recent: [], Archive: [], Failed: [] };
  for (const r of records) out[r.folder]!.push(r.id.slice(6));
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

const sequences: { name: string; limits: string; steps: string; want: Record<string, string[]>; deletedBy?: [string, string] }[] = [
  { name: 'five successes at 4/2', limits: '4/2', steps: 'S S S S S', want: { Recent: ['02', '03', '04', '05'], Archive: ['01'], Failed: [] } },
  { name: 'seven successes at 4/2 delete the oldest', limits: '4/2', steps: 'S S S S S S S', want: { Recent: ['04', '05', '06', '07'], Archive: ['02', '03'], Failed: [] }, deletedBy: ['07', '01'] },
  { name: 'a failure newer than a deleted success stays', limits: '1/0', steps: 'S F S', want: { Recent: ['03'], Archive: [], Failed: ['02'] }, deletedBy: ['03', '01'] },
  { name: 'deleting a success takes older failures along', limits: '1/0', steps: 'F S S', want: { Recent: ['03'], Archive: [], Failed: [] }, deletedBy: ['03', '01'] },
  { name: 'lowered counts apply at the next cleanup', limits: '4/2', steps: 'S S S S L 1/1 S', want: { Recent: ['05'], Archive: ['04'], Failed: [] }, deletedBy: ['05', '03'] },
  { name: 'counts lowered without a run change nothing yet', limits: '4/2', steps: 'S S S S L 1/0', want: { Recent: ['01', '02', '03', '04'], Archive: [], Failed: [] } },
  { name: 'raised counts fill Recent with new runs', limits: '1/1', steps: 'S S S L 3/1 S S', want: { Recent: ['03', '04', '05'], Archive: ['02'], Failed: [] } },
  { name: 'the last good backup survives a run not yet validated', limits: '1/1', steps: 'S S D 02 L 1/0 P', want: { Recent: [], Archive: ['01'], Failed: ['03'] } },
  { name: 'admin delete of a success cascades to older failures only', limits: '4/2', steps: 'F F S F S D 03', want: { Recent: ['05'], Archive: [], Failed: ['04'] } },
  { name: 'admin delete of a failure removes only it', limits: '4/2', steps: 'F S D 01', want: { Recent: ['02'], Archive: [], Failed: [] } },
  { name: 'admin delete in Archive cascades', limits: '2/1', steps: 'F S S S D 02', want: { Recent: ['03', '04'], Archive: [], Failed: [] } },
  { name: 'automatic Archive deletion cascades', limits: '1/1', steps: 'F S S S', want: { Recent: ['04'], Archive: ['03'], Failed: [] }, deletedBy: ['04', '01'] },
  { name: 'Archive 0 deletes straight from Recent', limits: '2/0', steps: 'S S S', want: { Recent: ['02', '03'], Archive: [], Failed: [] } },
  { name: 'failures never count against the limits', limits: '1/0', steps: 'S F F F F', want: { Recent: ['01'], Archive: [], Failed: ['02', '03', '04', '05'] } },
  { name: 'a run left In Progress is never taken by the cascade', limits: '1/0', steps: 'P S S', want: { Recent: ['03'], Archive: [], Failed: ['01'] } },
];

describe('retention on a real HotBackup folder', () => {
  it.each(sequences)('$name ($limits: $steps)', async ({ limits, steps, want, deletedBy }) => {
    const [recent, archive] = limits.split('/').map(Number);
    const state = { next: 1, limits: { recent: recent as number, archive: archive as number } };
    const tokens = steps.match(/[LD] \S+|[SFP]/g) ?? [];
    for (const step of tokens) {
      await runStep(step, state);
      expect(await logLayout(), `BACKUP.LOG after "${step}"`).toEqual(await layout());
    }
    expect(await layout()).toEqual(want);
    if (deletedBy) {
      const [runId, deletedId] = deletedBy;
      const hb = await readFile(join(dir, 'Recent', `261126${runId}`, 'HB.LOG'), 'utf8');
      expect(hb).toMatch(new RegExp(`\\|HB_DELETING_BACKUP\\|261126${deletedId}\\n`));
    }
  });

  it('a second cleanup with the same counts changes nothing', async () => {
    const state = { next: 1, limits: { recent: 2, archive: 1 } };
    for (const s of ['S', 'S', 'S', 'S']) await runStep(s, state);
    const before = await layout();
    expect(await applyRetention({ hotBackupFolder: dir, retention: state.limits })).toEqual({ moved: [], deleted: [] });
    expect(await layout()).toEqual(before);
  });
});
