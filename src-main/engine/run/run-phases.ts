import { shownName } from '../../../shared/shown-name.js';
import { EXCLUDE_UNMATCHED_CODE, unmatchedExcludeDetail } from '../../../shared/exclude-report.js';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { noSkips, type SkipCounts } from '../../../shared/history.js';
import type { Phase } from '../../../shared/status.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { EngineSettings } from '../../../shared/settings.js';
import { fsyncDir, writeFileAtomic } from '../../base/atomic-write.js';
import { createOwnFile } from '../../base/no-follow.js';
import { HB_LOG_NAME, HbLog } from '../vault/hb-log-writer.js';
import { MANIFEST_SIG_NAME } from '../manifest/manifest-signature.js';
import { MANIFEST_NAME, MANIFEST_FORMAT, type ManifestHead } from '../manifest/manifest.js';
import { ManifestEntryWriter, writeManifestFile } from '../manifest/manifest-writer.js';
import { planText } from '../plan/plan-format.js';
import { walkPlan } from '../plan/walk-plan.js';
import { restorePs1Script } from '../restore/restore-ps1.js';
import { restoreShScript } from '../restore/restore-sh.js';
import { lockFiles } from '../snapshot/lock-files.js';
import { SqliteChild } from '../snapshot/sqlite-child.js';
import type { HeldSqliteSnapshot } from '../snapshot/sqlite-snapshot.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { commitBackupFolder, makeBackupFolder, writeRunRecord } from './backup-folder.js';
import { checkFreeSpace, checkRunInput, spaceNeeded } from './preflight.js';
import { ProgressTracker } from './progress-tracker.js';
import { runErrorOf, settleFailedRun } from './run-ending.js';
import { saveAndStream } from './save-and-stream.js';
import { causeWords } from '../errors.js';
import type { RunBackupOptions, RunBackupResult } from './run-types.js';

export const STAGING_NAME = '.staging';
/** Small files are held in memory between the snapshot and the stream, up to this much in all. */
const MEMORY_BUDGET = 128 * 1024 * 1024;
const MEMORY_PER_FILE = 1024 * 1024;

export { abortMessage } from './run-ending.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One whole run, DESIGN §5, on the calling thread. `runBackup` runs this in a worker. */
/** `inputChecked`: the host (runBackup) already parsed the settings and probed the HotBackup folder; not done twice. */
export async function runBackupInThread(o: RunBackupOptions & { firstPhase?: Phase; startedAt?: Date; inputChecked?: boolean }): Promise<RunBackupResult> {
  const clock = o.clock ?? (() => new Date());
  const logger = o.logger ?? silent;
  const signal = o.signal;
  const startedAt = o.startedAt ?? clock();
  const hb = new HbLog(clock);
  const progress = new ProgressTracker(clock, o.onProgress, 200, o.previousCosts ?? null);
  const warnings: string[] = [];
  let phase: Phase = 'Initializing';
  let id: string | null = null;
  let seq: number | undefined;
  let backupPath: string | null = null;
  let held: HeldSqliteSnapshot[] = [];
  // Every better-sqlite3 call of the run is made in this helper process, never on this thread
  // (sqlite-child.ts: a thread inside SQLite cannot be ended safely, a process can be killed).
  let sqlite: SqliteChild | null = null;
  const startSqlite = (): SqliteChild => {
    const child = new SqliteChild(signal, () => child.pid !== undefined && o.onHelperProcess?.(child.pid, false));
    if (child.pid !== undefined) o.onHelperProcess?.(child.pid, true);
    return child;
  };
  let files: number | null = null;
  let bytes: number | null = null;
  let neededBytes: number | null = null;
  let skipped: SkipCounts | null = null;
  const record = (extra: Partial<BackupRecord>): BackupRecord => ({
    id: id as string, trigger: o.trigger, started: formatLocalIso(startedAt), ended: null, result: 'In Progress', folder: 'Failed',
    user: o.user, task: o.task, files, bytes, error: '', foundOnDisk: false, ...(seq === undefined ? {} : { seq }), ...extra,
  });
  const enter = (p: Phase, bytesTotal = 0, filesTotal = 0) => {
    signal?.throwIfAborted();
    phase = p;
    progress.enter(p, bytesTotal, filesTotal);
  };
  const log = (code: string, detail = '') => void hb.write(code, detail);
  // A quoted HB.LOG field: a label a client typed cannot close the quotes and forge another field.
  const q = (v: string) => v.replace(/["\\]/g, '\\$&');

  let committed = false;
  try {
    enter(o.firstPhase ?? 'Initializing');
    log('HB_BEGIN_RUN', `Trigger="${q(o.trigger)}" UserId="${q(o.user)}" Task="${q(o.task)}"`);
    const settings = o.inputChecked ? EngineSettings.parse(o.settings) : await checkRunInput(o.hotBackupFolder, o.dataDirectories, o.settings, signal);
    log('HB_SETTINGS', `compression=${settings.compression} volumeSize=${settings.volumeSize} settleAttempts=${settings.settleAttempts} includeUnsettled=${settings.includeUnsettled}`);

    enter('Waiting for Exclusive Tasks to Finish');
    // Started now (better-sqlite3 loaded while exclusive tasks finish and the data is walked), so it
    // is ready by the snapshot point; closed after the walk when there is no database.
    sqlite = startSqlite();
    await o.beforeSnapshot?.();

    enter('Gathering File Statistics');
    log('HB_BEGIN_FILE_STATS');
    const plan = await walkPlan({ dataDirectories: o.dataDirectories, hotBackupFolder: o.hotBackupFolder, settingsFolder: o.settingsFolder, signal, failOnUnreadable: settings.failOnUnreadable === true, onFile: (n, f) => progress.update(0, n, f) });
    // The host probed the HotBackup folder meanwhile (runBackup): nothing below touches it before that answer.
    if (o.folderChecked) progress.setPrevious(await untilAborted(o.folderChecked, signal));
    const t = plan.totals;
    if (t.sqlite === 0) {
      void sqlite?.close();
      sqlite = null;
    }
    let dbBytes = 0;
    let smallBytes = 0;
    for (let i = 0; i < plan.entries.length; i++) {
      const [kind, size] = [plan.entries.kindAt(i), plan.entries.sizeAt(i)];
      if (kind === 'sqlite') dbBytes += size;
      else if (kind === 'file' && size <= MEMORY_PER_FILE) smallBytes += size;
    }
    progress.setSizes({ fileBytes: t.bytes - dbBytes, databaseBytes: dbBytes, totalBytes: t.bytes });
    log('HB_END_FILE_STATS', `files=${t.files} sqlite=${t.sqlite} directories=${t.directories} symlinks=${t.symlinks} bytes=${t.bytes} skipped=${plan.skipped.length}`);
    for (const s of plan.skipped) log('HB_SKIPPED', `"${shownName(s.sourceBytes ?? s.source)}": ${s.reason}`);
    for (const u of plan.unmatchedExcludes ?? []) log(EXCLUDE_UNMATCHED_CODE, unmatchedExcludeDetail(o.dataDirectories[u.dataDir]?.path ?? '', u.pattern));
    skipped = countSkips(plan.skipped);
    // Staged during the run: database copies, files too big to hold in memory, and what overflows the memory budget.
    const staged = t.bytes - smallBytes + Math.max(0, smallBytes - MEMORY_BUDGET);
    neededBytes = spaceNeeded(t.bytes, staged, plan.entries.length);
    await checkFreeSpace(o.hotBackupFolder, neededBytes);

    enter('Making Backup Folder');
    ({ id, path: backupPath, seq } = await makeBackupFolder(o.hotBackupFolder, startedAt, o.reservedIds));
    await hb.attach(join(backupPath, HB_LOG_NAME));
    await writeRunRecord(o.hotBackupFolder, record({}));
    log('HB_BACKUP_FOLDER', backupPath);
    o.onFolder?.(id, backupPath);

    enter('Writing Backup Script');
    log('HB_BEGIN_BACKUP_SCRIPT_GEN');
    await createOwnFile(join(backupPath, 'PLAN'), planText(plan, formatLocalIso(clock())));
    log('HB_END_BACKUP_SCRIPT_GEN', 'Successful');

    enter('Writing Restore Script');
    log('HB_BEGIN_RESTORE_SCRIPT_GEN');
    await createOwnFile(join(backupPath, 'RESTORE.sh'), restoreShScript(id, settings.compression), 0o755);
    await createOwnFile(join(backupPath, 'RESTORE.ps1'), restorePs1Script(id, settings.compression));
    log('HB_END_RESTORE_SCRIPT_GEN', 'Successful');

    // One file count for the run: files and databases, in Locking, Streaming and Validating alike.
    const fileCount = t.files + t.sqlite;
    // Databases are held (their snapshot) and hard links need no reading: counted as locked from the start.
    let lockedFromStart = t.sqlite;
    for (let i = 0; i < plan.entries.length; i++) if (plan.entries.kindAt(i) === 'file' && plan.entries.isHardlink(i)) lockedFromStart++;
    enter('Locking Files', t.bytes - dbBytes, fileCount);
    const staging = join(backupPath, STAGING_NAME);
    await mkdir(staging);
    log('HB_BEGIN_LOCK_FILES');
    log('HB_USER_TASK_REC', `System="HotBackup" UserId="(Backup)" Task="${q(o.trigger)}"`);
    for (const u of (await o.userTasks?.()) ?? []) log('HB_USER_TASK_REC', `System="${q(u.system)}" UserId="${q(u.user)}" Task="${q(u.task)}"`);
    const locked = await lockFiles(plan, {
      stagingDir: staging, settings, clock, signal, log, racyWindowMs: o.racyWindowMs, memoryBudget: MEMORY_BUDGET, memoryPerFile: MEMORY_PER_FILE,
      includeUnsettledIn: o.dataDirectories.map((d) => d.includeUnsettled === true),
      sqlite: () => (sqlite ??= startSqlite()),
      onProgress: (b, f, cur) => progress.update(b, lockedFromStart + f, cur),
    });
    held = locked.held;
    warnings.push(...locked.warnings);
    skipped = { ...skipped, vanished: skipped.vanished + locked.skipped.vanished, unreadable: skipped.unreadable + locked.skipped.unreadable };
    log('HB_SNAPSHOT_POINT', formatLocalIso(locked.snapshotAt));
    log('HB_END_LOCK_FILES', `Successful, ${locked.durationMs} ms, ${progress.fileCounts()}`);
    o.onSnapshot?.();

    enter('Saving Files', dbBytes, t.sqlite);
    const entryList = new ManifestEntryWriter(join(staging, 'manifest-entries'));
    let streamed;
    try {
      streamed = await saveAndStream({
        table: locked.entries, held, stagingDir: staging, backupDir: backupPath, settings, signal, memberSize: o.memberSize, entryList, log,
        enter, onStreamStart: o.onStreamStart,
        onProgress: (b, f, cur) => progress.update(b, f, cur),
        onVolume: (v) => log('HB_VOLUME_WRITTEN', `${v.name} ${v.size} bytes sha256=${v.sha256}`),
        afterSaving: async () => {
          held = [];
          await sqlite?.close();
          sqlite = null;
        },
      });
    } finally {
      entryList.close();
    }
    files = streamed.files;
    bytes = streamed.bytes;
    const head: ManifestHead = {
      format: MANIFEST_FORMAT, id, snapshotAt: formatLocalIso(locked.snapshotAt), settings, dataDirectories: plan.dataDirectories,
      totals: { entries: streamed.entries, files, bytes, tarBytes: streamed.tarBytes },
      ...(streamed.memberSize ? { memberSize: streamed.memberSize } : {}),
      volumes: streamed.volumes, ...(streamed.members ? { members: streamed.members } : {}),
    };
    const signature = await writeManifestFile(join(backupPath, MANIFEST_NAME), head, entryList, o.manifestKey);
    if (signature !== null) await writeFileAtomic(join(backupPath, MANIFEST_SIG_NAME), signature);
    await rm(staging, { recursive: true, force: true });
    log('HB_END_STREAM', `${progress.fileCounts()}, ${streamed.entries} entries, ${streamed.tarBytes} tar bytes in ${streamed.volumes.length} volume(s)`);

    // Validation reports the tar bytes it has read back (verifyBackup's onProgress), so they are its total too.
    enter('Validating Save', streamed.tarBytes, streamed.savedFiles);
    log('HB_BEGIN_VALIDATE');
    // The database copies passed quick_check before streaming and their hashes are checked here.
    const report = await verifyBackup(backupPath, { signal, checkSqlite: false, checkContent: false, onProgress: (b, _t, cur, f) => progress.update(b, f, cur) });
    if (!report.ok) throw new Error(`Validating the saved backup failed: ${report.problems.slice(0, 3).join('; ')}`);
    log('HB_END_VALIDATE', `Successful, ${progress.fileCounts()}, ${report.entriesChecked} entries and ${report.volumes.length} volume(s) match the manifest`);

    const skipWarning = skipNote(skipped);
    if (skipWarning) warnings.push(skipWarning);
    await hb.flush();
    backupPath = await commitBackupFolder(o.hotBackupFolder, id);
    committed = true;
    // Committed: the backup is validated and in Recent/. A record that cannot be written now (drive
    // full) is a warning; the listing and the next run settle the line from the folder.
    const endedAt = clock();
    try {
      await hb.attach(join(backupPath, HB_LOG_NAME));
      await writeRunRecord(o.hotBackupFolder, record({ result: 'Succeeded', folder: 'Recent', ended: formatLocalIso(endedAt), error: warnings.join('; ') }));
    } catch (err) {
      const e = await runErrorOf(err, { hotBackupFolder: o.hotBackupFolder, neededBytes });
      warnings.push(`The backup is complete and validated, but BACKUP.LOG could not be updated yet: ${e.message}`);
      logger.warn(warnings.at(-1)!);
    }
    log('HB_COMMITTED', backupPath);

    phase = 'Removing Old Backups';
    progress.enter(phase);
    try {
      await o.cleanup?.({ id, hotBackupFolder: o.hotBackupFolder, backupPath, log: (code, detail) => hb.write(code, detail) });
    } catch (err) {
      const w = `Removing old backups failed: ${causeWords(err)}`;
      warnings.push(w);
      log('HB_CLEANUP_FAILED', w);
      logger.warn(w);
    }
    progress.enter('HotBackup Succeeded');
    log('HB_SUCCEEDED', `${files} files, ${bytes} bytes`);
    // The backup is committed and valid; a log line lost now is worth a warning, not a failure.
    await hb.flush().catch((e: Error) => warnings.push(e.message));
    logger.info(`HotBackup ${id} succeeded: ${files} files, ${bytes} bytes`);
    return { id, result: 'Succeeded', error: null, errorCode: null, causeKind: null, failedPhase: null, files, bytes, startedAt: formatLocalIso(startedAt), endedAt: formatLocalIso(endedAt), backupPath, warnings, skipped };
  } catch (err) {
    // Its read transactions (and any copy it was making) end with it, before the staging folder goes.
    if (sqlite) {
      sqlite.kill(err);
      await sqlite.exited;
    }
    const failedPhase = phase;
    const path = backupPath;
    const r = await settleFailedRun(
      {
        hotBackupFolder: o.hotBackupFolder, signal, neededBytes, clock, logger,
        // The work files go first: on a full drive that makes room for the lines below.
        tidy: async () => {
          if (path) await rm(join(path, STAGING_NAME), { recursive: true, force: true });
        },
        hbLog: async (code, detail) => {
          log(code, detail);
          await hb.flush();
          if (path) await fsyncDir(path).catch(() => undefined);
        },
        line: (ended, error) => record({ result: 'Failed', folder: committed ? 'Recent' : 'Failed', ended, error }),
      },
      { id, failedPhase, files, bytes, startedAt: formatLocalIso(startedAt), backupPath, warnings, skipped },
      err,
    );
    phase = 'HotBackup Failed';
    progress.enter(phase);
    return r;
  }
}

/** Pure: what the walk left out, counted by kind (exclude patterns and HotBackup's own files are choices, not skips). */
export function countSkips(list: readonly { kind?: string }[]): SkipCounts {
  const c = { ...noSkips };
  for (const s of list) if (s.kind === 'vanished' || s.kind === 'unreadable' || s.kind === 'special') c[s.kind]++;
  return c;
}

/** Pure: the warning a run that skipped something carries (null when nothing was skipped). */
export function skipNote(s: SkipCounts | null): string | null {
  if (!s) return null;
  const parts = [s.vanished && `${s.vanished} vanished while the backup ran`, s.unreadable && `${s.unreadable} unreadable`, s.special && `${s.special} special (socket, pipe or device)`].filter(Boolean);
  return parts.length ? `Skipped ${parts.join(', ')}: HB.LOG names each one (HB_SKIPPED, HB_FILE_VANISHED).` : null;
}

/** A promise, or the abort's reason if the signal comes first. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
