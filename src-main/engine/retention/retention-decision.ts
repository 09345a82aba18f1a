import type { BackupFolderName, BackupRecord } from '../../../shared/vault.js';
import { compareRunOrder, madeBefore } from '../vault/run-order.js';

// DESIGN §6, as pure decisions over BACKUP.LOG records (no I/O here):
// - the oldest good backups in Recent beyond `recent` move to Archive;
// - the oldest good backups in Archive beyond `archive` are deleted;
// - deleting a successful backup also deletes the failed backups older than it;
// - the newest good backup is never deleted by retention (a run not yet validated never counts);
// - "oldest" and "newest" follow the order the runs were made (run-order.ts), never the ID's date.

export interface RetentionLimits {
  recent: number;
  archive: number;
}

export interface RetentionMove {
  id: string;
  from: 'Recent';
  to: 'Archive';
}

export interface RetentionDelete {
  id: string;
  folder: BackupFolderName;
  /** Why, for the logs: e.g. "Archive holds more than 2", "older than deleted 26112401". */
  reason: string;
}

export interface RetentionPlan {
  moves: RetentionMove[];
  deletes: RetentionDelete[];
}

/** A backup that passed validation and was committed. Only these count against the limits. */
export const isGood = (r: BackupRecord): boolean => r.result === 'Succeeded' && (r.folder === 'Recent' || r.folder === 'Archive');

const newestFirst = (a: BackupRecord, b: BackupRecord) => compareRunOrder(b, a);
const oldestFirst = (a: BackupRecord, b: BackupRecord) => compareRunOrder(a, b);

/** Failed backups older than a deleted successful one (never a run still In Progress). */
export function failedOlderThan(records: readonly BackupRecord[], deletedId: string): BackupRecord[] {
  const deleted = records.find((r) => r.id === deletedId);
  if (!deleted) return [];
  return records.filter((r) => r.folder === 'Failed' && r.result === 'Failed' && madeBefore(r, deleted));
}

function withCascade(records: readonly BackupRecord[], primary: RetentionDelete[]): RetentionDelete[] {
  const out = [...primary];
  const seen = new Set(out.map((d) => d.id));
  const successes = primary.filter((d) => records.find((r) => r.id === d.id)?.result === 'Succeeded');
  for (const s of successes) {
    for (const f of failedOlderThan(records, s.id)) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push({ id: f.id, folder: f.folder, reason: `failed backup older than deleted ${s.id}` });
    }
  }
  return out;
}

/** What a cleanup ("Removing Old Backups") does to reach the limits. Idempotent. */
export function decideRetention(records: readonly BackupRecord[], limits: RetentionLimits): RetentionPlan {
  const good = records.filter(isGood).sort(newestFirst);
  const newestGood = good[0]?.id;
  const recent = good.filter((r) => r.folder === 'Recent');
  const leaving = recent.slice(Math.max(0, limits.recent));
  // Backups never move back from Archive to Recent when `recent` grows: new runs fill it.
  const archiveAfter = [...good.filter((r) => r.folder === 'Archive'), ...leaving].sort(newestFirst);
  const beyond = archiveAfter.slice(Math.max(0, limits.archive)).filter((r) => r.id !== newestGood);
  const beyondIds = new Set(beyond.map((r) => r.id));
  const moves: RetentionMove[] = leaving
    .filter((r) => !beyondIds.has(r.id))
    .sort(oldestFirst)
    .map((r) => ({ id: r.id, from: 'Recent', to: 'Archive' }));
  const primary: RetentionDelete[] = beyond
    .sort(oldestFirst)
    .map((r) => ({
      id: r.id,
      folder: r.folder,
      reason: r.folder === 'Recent' ? `Recent holds more than ${limits.recent} and Archive keeps ${limits.archive}` : `Archive holds more than ${limits.archive}`,
    }));
  return { moves, deletes: withCascade(records, primary) };
}

/**
 * An admin's delete of one backup: it, and when it was a successful one, the failed backups
 * older than it. Returns null when there is no such backup.
 */
export function decideDelete(records: readonly BackupRecord[], id: string): RetentionDelete[] | null {
  const target = records.find((r) => r.id === id);
  if (!target) return null;
  return withCascade(records, [{ id, folder: target.folder, reason: 'deleted from the Vault' }]);
}

/** The records after a plan has been carried out. */
export function recordsAfter(records: readonly BackupRecord[], plan: RetentionPlan): BackupRecord[] {
  const deleted = new Set(plan.deletes.map((d) => d.id));
  const moved = new Set(plan.moves.map((m) => m.id));
  return records.filter((r) => !deleted.has(r.id)).map((r) => (moved.has(r.id) ? { ...r, folder: 'Archive' as const } : r));
}

/** Stands for the backup the next run adds: newer than every real ID. */
const NEXT_RUN_ID = '99999999';

/**
 * What the cleanup after the next successful run deletes under `limits`: the plan for today's
 * backups plus one new good backup in Recent (the run itself is never among the deletes).
 */
export function nextRunDeletes(records: readonly BackupRecord[], limits: RetentionLimits): RetentionDelete[] {
  const next: BackupRecord = {
    id: NEXT_RUN_ID,
    trigger: 'Scheduled',
    started: '',
    ended: null,
    result: 'Succeeded',
    folder: 'Recent',
    user: '',
    task: '',
    files: null,
    bytes: null,
    error: '',
    foundOnDisk: false,
    seq: Number.MAX_SAFE_INTEGER,
  };
  return decideRetention([...records, next], limits).deletes.filter((d) => d.id !== NEXT_RUN_ID);
}
