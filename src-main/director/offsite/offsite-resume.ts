import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OffsiteCopyRecord } from '../../../shared/offsite.js';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { BACKUP_ID_PATTERN } from '../../../shared/vault.js';
import { HotBackupError } from '../../../shared/result.js';
import { loadVault, readBackupLog, type LoadVaultOptions } from '../../engine/index.js';
import { readOffsiteHistory } from './offsite-history.js';

// What the Director finds at start about copies it did not finish (killed, power cut): the
// stagings under `<HotBackup folder>/.offsite/<target>/<ID>` (kept until a copy completes) and the
// successful backups an "after every run" target never got. Decisions are pure; the folder reads
// and removals are the few I/O helpers below.

export const stagingRoot = (folder: string): string => join(folder, '.offsite');

/** A successful local backup, oldest first (by seq, then ID). */
export interface LocalBackup {
  id: string;
  seq: number | null;
}

export interface ResumeInput {
  targets: readonly OffsiteTarget[];
  /** Every successful local backup, oldest first. */
  successful: readonly LocalBackup[];
  /** The backup IDs with a staging folder, per target ID. */
  staged: ReadonlyMap<string, readonly string[]>;
  /** The offsite history's last records, oldest first. */
  history: readonly OffsiteCopyRecord[];
  /** Complete copies a target keeps (its retention). */
  keep: (t: OffsiteTarget) => number;
}

export interface ResumeDecision {
  /** Copies to queue, oldest backup first per target, and why. */
  queue: { target: OffsiteTarget; backupId: string; why: 'prepared' | 'missed' }[];
  /** Stagings of backups that are no longer there or did not succeed (of no use). */
  dropStaged: { target: string; backupId: string }[];
}

/**
 * Pure: for each enabled target, every prepared copy of a backup still there, and (targets copied
 * after every run) every successful backup newer than the target's last complete copy in the
 * history, at most as many as the target keeps (older ones its retention would remove at once).
 * A target with no complete copy in the history gets none of the second kind: it may be new, and
 * copying every old backup to it is not what anyone asked for.
 */
export function decideResume(input: ResumeInput): ResumeDecision {
  const order = new Map(input.successful.map((b, i) => [b.id, i]));
  const queue: ResumeDecision['queue'] = [];
  const dropStaged: ResumeDecision['dropStaged'] = [];
  for (const t of input.targets) {
    if (!t.enabled) continue;
    const ids = new Map<string, 'prepared' | 'missed'>();
    for (const id of input.staged.get(t.id) ?? []) {
      if (order.has(id)) ids.set(id, 'prepared');
      else dropStaged.push({ target: t.id, backupId: id });
    }
    const last = [...input.history].reverse().find((r) => r.target === t.id && r.ok);
    if (t.when.kind === 'afterRun' && last) {
      const at = order.get(last.backupId);
      const newer = input.successful.filter((b, i) => (at !== undefined ? i > at : b.id > last.backupId)).slice(-Math.max(1, input.keep(t)));
      for (const b of newer) if (!ids.has(b.id)) ids.set(b.id, 'missed');
    }
    for (const [backupId, why] of [...ids].sort(([a], [b]) => order.get(a)! - order.get(b)!)) queue.push({ target: t, backupId, why });
  }
  return { queue, dropStaged };
}

/** The backup IDs with a staging folder for a target. */
export async function stagedIds(folder: string, targetId: string): Promise<string[]> {
  const names = await readdir(join(stagingRoot(folder), targetId)).catch(() => [] as string[]);
  return names.filter((n) => BACKUP_ID_PATTERN.test(n));
}

/**
 * Remove the stagings of targets no longer in the settings (`.offsite/<target>` whose name is no
 * configured target's ID). Never one of a configured target, nor one a copy is working in. Returns the names removed.
 */
export async function removeUnconfiguredStagings(folder: string, configured: ReadonlySet<string>, busy: ReadonlySet<string> = new Set()): Promise<string[]> {
  const names = await readdir(stagingRoot(folder)).catch(() => [] as string[]);
  const gone = names.filter((n) => !configured.has(n) && !busy.has(n));
  for (const n of gone) await rm(join(stagingRoot(folder), n), { recursive: true, force: true });
  return gone;
}

/**
 * The copies to queue at start (stagings of backups no longer there are removed on the way).
 * BACKUP.LOG is only read here, never repaired (that is the Vault's and the runs' business), and
 * a backup counts only while its folder is there.
 */
export async function copiesToResume(o: { folder: string; configDir: string; targets: readonly OffsiteTarget[]; keep: (t: OffsiteTarget) => number }): Promise<ResumeDecision['queue']> {
  const staged = new Map<string, string[]>();
  for (const t of o.targets) staged.set(t.id, await stagedIds(o.folder, t.id));
  const history = await readOffsiteHistory(o.configDir, 1000);
  const afterRun = o.targets.filter((t) => t.enabled && t.when.kind === 'afterRun' && history.some((r) => r.target === t.id && r.ok));
  if (afterRun.length === 0 && [...staged.values()].every((ids) => ids.length === 0)) return [];
  const { records } = await readBackupLog(o.folder);
  const ok = records.filter((r) => r.result === 'Succeeded' && r.folder !== 'Failed').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.id.localeCompare(b.id));
  const there = await Promise.all(ok.map((r) => stat(join(o.folder, r.folder, r.id)).then((s) => s.isDirectory(), () => false)));
  const successful = ok.filter((_, i) => there[i]).map((r) => ({ id: r.id, seq: r.seq ?? null }));
  const decision = decideResume({ targets: o.targets, successful, staged, history, keep: o.keep });
  for (const s of decision.dropStaged) await rm(join(stagingRoot(o.folder), s.target, s.backupId), { recursive: true, force: true });
  return decision.queue;
}

/**
 * At a stop: the copies stopped midway or still queued keep (or get) their staging folder, so the
 * next Director start queues them again (`stagedIds`); an empty one is prepared anew then.
 */
export async function keepForResume(folder: string, jobs: readonly { target: string; backupId: string }[]): Promise<void> {
  for (const j of jobs) if (BACKUP_ID_PATTERN.test(j.backupId)) await mkdir(join(stagingRoot(folder), j.target, j.backupId), { recursive: true, mode: 0o700 });
}

/** The newest successful backup's ID (what a scheduled copy or `offsite copy` without an ID sends). */
export async function newestSuccessfulId(folder: string, opts: LoadVaultOptions): Promise<string> {
  const { records } = await loadVault(folder, opts);
  const ok = records.filter((r) => r.result === 'Succeeded' && r.folder !== 'Failed').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.id.localeCompare(b.id));
  const newest = ok[ok.length - 1];
  if (!newest) throw new HotBackupError('NOT_FOUND', 'There is no successful backup to copy yet: back up first');
  return newest.id;
}
