import type { AlertSettings } from '../../../shared/settings.js';
import { badEntryCount, type BackupRecord, type StoredVerdict, type VerifyResult } from '../../../shared/vault.js';

const DAY = 86_400_000;

/**
 * Whether the scheduled verify is due: `everyDays` since the last one (0 = never). The period
 * is counted from `lastScheduledAt`, which the first start sets (so a new install or upgrade
 * does not read a whole backup the moment it starts).
 */
export function verifyDue(lastScheduledAt: string, now: Date, everyDays: number): boolean {
  if (everyDays <= 0) return false;
  return now.getTime() - Date.parse(lastScheduledAt) >= everyDays * DAY;
}

const endedMs = (r: BackupRecord) => Date.parse(r.ended ?? r.started);

/** The backups to re-read, newest first: successful ones in Recent/ or Archive/ (the ones a restore would use). */
export function backupsToVerify(records: readonly BackupRecord[], which: AlertSettings['verifyWhich']): string[] {
  const good = records.filter((r) => r.result === 'Succeeded' && (r.folder === 'Recent' || r.folder === 'Archive'));
  // IDs are YYMMDDNN: among equal end times the higher ID is the later run.
  const ids = good.sort((a, b) => endedMs(b) - endedMs(a) || b.id.localeCompare(a.id)).map((r) => r.id);
  return which === 'newest' ? ids.slice(0, 1) : ids;
}

/** A verify's verdict as the Vault shows it. */
export function verdictOf(r: VerifyResult, at: string, scheduled: boolean): StoredVerdict {
  const summary = r.ok
    ? `${r.entriesChecked} entries in ${r.volumesChecked} volume(s) match MANIFEST.json`
    : [
        ...r.badVolumes.map((v) => `${v.name}: ${v.problem}`),
        ...r.badEntries.slice(0, 10).map((e) => `${e.path}${e.volume ? ` (in ${e.volume})` : ''}: ${e.problem}`),
        ...(badEntryCount(r) > 10 ? [`and ${badEntryCount(r) - 10} more damaged entries`] : []),
        ...(r.badVolumes.length + r.badEntries.length === 0 ? r.problems : []),
      ].join('; ');
  if (r.ok) return { id: r.id, at, ok: r.ok, summary, scheduled };
  const badEntries = r.badEntries.slice(0, 1000).map((e) => ({ path: e.path, problem: e.problem }));
  return { id: r.id, at, ok: r.ok, summary, scheduled, badVolumes: r.badVolumes, badEntries };
}
