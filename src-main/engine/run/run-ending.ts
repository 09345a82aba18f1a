import type { SkipCounts } from '../../../shared/history.js';
import { HotBackupError } from '../../../shared/result.js';
import type { Phase } from '../../../shared/status.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { updateBackupLog, upsertRecord } from '../vault/backup-log.js';
import { freeBytes } from '../../base/free-space.js';
import { FolderLockedError } from '../vault/folder-lock.js';
import { DiskFullError, errnoWords, isDiskFull, RunError, sqliteWords } from '../errors.js';
import { hbLogAppender } from '../vault/stored-hb-log.js';
import type { Logger } from '../../base/logger.js';
import type { RunBackupResult } from './run-types.js';

// The engine's half of a run's lifecycle: how a run ends Failed, in one place. `settleFailedRun`
// judges what stopped it (a typed RunError), records it (HB.LOG, the folder's BACKUP.LOG line, the
// log) and returns the one Failed result every caller (the run itself, the folder lock, the worker
// host, the Director's lifecycle) hands on. Nothing else builds a Failed result or writes a Failed
// BACKUP.LOG line; the Director's run-lifecycle.ts records the rest (history, notification).

/** The message a stopped run records: the abort reason, or "stopped by shutdown". */
export function abortMessage(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  if (typeof r === 'string' && r) return r;
  if (r instanceof Error && r.name !== 'AbortError' && r.message) return r.message;
  return 'stopped by shutdown';
}

export interface EndingContext {
  hotBackupFolder: string;
  signal?: AbortSignal;
  /** The run's estimate of the space it needs (null before the walk). */
  neededBytes?: number | null;
}

/** What stopped the run, as a typed error: a RunError passes through, anything else is classified by its code, never its message. */
export async function runErrorOf(err: unknown, ctx: EndingContext): Promise<RunError> {
  if (ctx.signal?.aborted) {
    const reason: unknown = ctx.signal.reason;
    return reason instanceof RunError ? reason : new RunError('stopped', 'RUN_FAILED', abortMessage(ctx.signal));
  }
  if (err instanceof RunError) return err;
  const free = () => freeBytes(ctx.hotBackupFolder).catch(() => null);
  if (isDiskFull(err)) return new DiskFullError(ctx.hotBackupFolder, ctx.neededBytes ?? null, await free());
  const sqliteCode = (err as { name?: string; code?: unknown } | null)?.name === 'SqliteError' ? String((err as { code: unknown }).code) : null;
  if (sqliteCode?.startsWith('SQLITE_IOERR')) {
    // SQLite reports a write that hit a full drive as an I/O error: the free space tells them apart.
    const left = await free();
    if (left !== null && left < 1024 * 1024) return new DiskFullError(ctx.hotBackupFolder, ctx.neededBytes ?? null, left);
    return new RunError('io', 'IO_ERROR', `SQLite could not read a database or write its copy in the HotBackup folder ${ctx.hotBackupFolder}: the disk reported a read or write error. Check both drives, then run the backup again.`);
  }
  if (sqliteCode) {
    return new RunError('io', 'IO_ERROR', `SQLite could not read a database or write its copy in the HotBackup folder ${ctx.hotBackupFolder}: ${sqliteWords(sqliteCode)}. Run PRAGMA integrity_check on it, or open the program that uses it once, then run the backup again.`);
  }
  if (err instanceof FolderLockedError) return new RunError('busy', 'BUSY', err.message);
  if (err instanceof HotBackupError) return new RunError(err.code === 'BAD_INPUT' ? 'bad-input' : err.code === 'BUSY' ? 'busy' : 'io', err.code, err.message);
  const e = err as NodeJS.ErrnoException | null;
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    const where = e.path ? `"${e.path}"` : `the HotBackup folder ${ctx.hotBackupFolder}`;
    return new RunError('io', 'IO_ERROR', `${where} could not be used: ${errnoWords(e)}. Check the drive and the account's permissions, then run the backup again.`);
  }
  return new RunError('internal', 'INTERNAL', `The HotBackup program failed unexpectedly: ${(err as Error)?.message ?? String(err)}. The Director log has the details.`);
}

export interface FailedRunFacts {
  startedAt: string;
  endedAt: string;
  failedPhase: Phase | null;
  id?: string | null;
  backupPath?: string | null;
  files?: number | null;
  bytes?: number | null;
  warnings?: string[];
  skipped?: SkipCounts | null;
}

/** The one shape of a Failed result (pure; settleFailedRun is the way a run ends Failed). */
export function failedResult(f: FailedRunFacts, e: RunError): RunBackupResult {
  return {
    id: f.id ?? null, result: 'Failed', error: e.message, errorCode: e.code, causeKind: e.kind, failedPhase: f.failedPhase,
    files: f.files ?? null, bytes: f.bytes ?? null, startedAt: f.startedAt, endedAt: f.endedAt, backupPath: f.backupPath ?? null,
    warnings: f.warnings ?? [], skipped: f.skipped ?? null,
  };
}

/**
 * Make the run's BACKUP.LOG line say Failed with its cause, when it still says In Progress (the
 * process that ran it could not write it: disk full, crash). The caller holds the folder lock.
 */
export async function settleFolderRecord(hotBackupFolder: string, r: RunBackupResult): Promise<void> {
  if (!r.id || r.result !== 'Failed') return;
  await updateBackupLog(hotBackupFolder, (rs) =>
    rs.map((x) => (x.id === r.id && x.result === 'In Progress' ? { ...x, result: 'Failed' as const, ended: x.ended ?? r.endedAt, error: r.error ?? 'failed' } : x)),
  );
}

export interface SettleOptions extends EndingContext {
  clock: () => Date;
  logger?: Logger;
  /** The run's own HB.LOG writer; default: a line appended to HB.LOG in `backupPath`, when there is one. */
  hbLog?: (code: string, detail: string) => Promise<void>;
  /** Done once the cause is judged (the free space is part of the evidence) and before anything is recorded: the run's work files go. */
  tidy?: () => Promise<void>;
  /** The run's own full BACKUP.LOG line; default: the run's line left In Progress is made to say Failed. */
  line?: (ended: string, error: string) => BackupRecord;
  /** False when the caller does not hold the folder lock: the lines are left to the next run or start (recover-interrupted.ts). */
  writeLines?: boolean;
}

/**
 * A run ends Failed: what stopped it (`cause`, classified by runErrorOf), its HB_FAILED line, its
 * BACKUP.LOG line (when it has a backup ID) and the Director-log line, then the Failed result.
 * A record that cannot be written is logged; the result still says why the run failed.
 */
export async function settleFailedRun(o: SettleOptions, f: Omit<FailedRunFacts, 'endedAt'>, cause: unknown): Promise<RunBackupResult> {
  const e = await runErrorOf(cause, o);
  await o.tidy?.().catch(() => undefined);
  const endedAt = formatLocalIso(o.clock());
  const r = failedResult({ ...f, endedAt }, e);
  const who = r.id ?? '(no ID)';
  if (e.kind === 'internal') o.logger?.error(`HotBackup ${who}: ${(cause as Error)?.stack ?? String(cause)}`);
  const lines = o.writeLines !== false;
  const hbLog = o.hbLog ?? (r.backupPath && lines ? hbLogAppender(r.backupPath, o.clock) : null);
  await hbLog?.('HB_FAILED', `${f.failedPhase ?? 'Initializing'}: ${e.message}`).catch(() => undefined);
  if (r.id && lines) {
    const write = o.line ? updateBackupLog(o.hotBackupFolder, (rs) => upsertRecord(rs, o.line!(endedAt, e.message))) : settleFolderRecord(o.hotBackupFolder, r);
    // If this cannot be written (drive full), the folder lock's holder settles the line after the run.
    await write.catch((x: Error) => o.logger?.warn(`Could not record the failure of ${r.id} in BACKUP.LOG yet: ${x.message}`));
  }
  o.logger?.error(`HotBackup ${who} failed in ${f.failedPhase ?? 'Initializing'}: ${e.message}`);
  return r;
}
