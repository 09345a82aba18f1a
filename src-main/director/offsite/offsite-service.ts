import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { OffsiteCopyQueued, OffsiteRestoreInput, OffsiteRestoreSummary, OffsiteStatus } from '../../../shared/offsite.js';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { HotBackupError } from '../../../shared/result.js';
import { causeWords, findBackup, hbLogAppender } from '../../engine/index.js';
import { RateGate } from '../../base/throttle.js';
import { sendAlertMail } from '../alerts/alert-mail.js';
import type { NotifyDeps } from '../notify/notify-deps.js';
import type { RunEnded } from '../run/run-lifecycle.js';
import { realTimer, type Timer } from '../retry/timer.js';
import type { DirectorServices } from '../services.js';
import { runCopyJob, type CopyJobInput } from './copy-job.js';
import { appendOffsiteHistory, readOffsiteHistory } from './offsite-history.js';
import { copiesToResume, keepForResume, newestSuccessfulId, removeUnconfiguredStagings, stagingRoot } from './offsite-resume.js';
import { restoreFromTarget } from './offsite-restore.js';
import { OffsiteStates } from './offsite-state.js';
import { removeStaleConfigs } from './rclone.js';
import { OFFSITE_SCHEDULE_STATE, startOffsiteSchedule } from './offsite-schedule.js';
import { fileWatermarkStore } from '../schedule/watermark-store.js';
import { offsiteWords } from './offsite-words.js';

/** Where the Director keeps the rclone configs it writes (0700): never inside a backup. */
export const offsiteWorkDir = (configDir: string): string => join(configDir, 'offsite');

export interface OffsiteServiceDeps {
  timer?: Timer;
  notify?: NotifyDeps;
  /** The copy job (tests may slow it down or watch it). */
  copy?: (input: CopyJobInput) => ReturnType<typeof runCopyJob>;
  /** The own-schedule looks (default: a real minute). */
  scheduleTimer?: Timer;
}

interface Job {
  target: string;
  backupId: string;
  attempt: number;
}

/**
 * The offsite copy jobs of one Director: a queue per target worked one copy at a time, beside the
 * run queue and never in it (a run, a red light or a retry never waits for a copy, and a copy never
 * changes a run's result). A backup made during a copy is queued for copying next. A failed copy
 * is tried again after the retry wait of the alert settings (doubling); after the last attempt it
 * alerts like a failed run (e-mail to the failure recipients, a status warning).
 */
export class OffsiteService {
  private readonly states: OffsiteStates;
  private readonly queues = new Map<string, Job[]>();
  private readonly retryTimers = new Map<string, () => void>();
  /** One worker per target: a slow or dead target never holds another one's copies. */
  private readonly working = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly stopped: Job[] = [];
  /** At most four updates a second reach the consoles. */
  private readonly broadcastGate = new RateGate(250, () => Date.now());
  private schedule: { stop(): void } | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly d: DirectorServices,
    private readonly deps: OffsiteServiceDeps = {},
  ) {
    this.states = new OffsiteStates((s) => d.hub.broadcast('offsite.changed', s));
    d.offsiteSummary = () => offsiteWords(this.status());
  }

  private targets = (): OffsiteTarget[] => this.d.settings.get().offsite.targets;
  private target = (id: string) => this.targets().find((t) => t.id === id);

  /**
   * `withSchedule`: the long-lived Director copies targets on their own schedule too (catching up
   * once for a slot missed while it was down), and queues the copies it did not finish before it
   * stopped (prepared ones, and backups an "after every run" target missed).
   */
  async start(withSchedule = false): Promise<void> {
    this.states.seed(await readOffsiteHistory(this.d.configDir));
    const stale = await removeStaleConfigs(offsiteWorkDir(this.d.configDir));
    if (stale.length) this.d.logger.info(`offsite: removed ${stale.length} rclone config(s) or file list(s) left by a copy, restore or listing that was killed (they held a target's secrets or file names)`);
    await this.cleanStagings();
    this.unsubscribe = this.d.hub.subscribe((event) => {
      if (event === 'settings.changed') void this.cleanStagings();
    });
    if (!withSchedule) return;
    await this.resume().catch((err: unknown) => this.d.logger.warn(`offsite: the copies left unfinished were not queued again: ${causeWords(err)}`));
    this.schedule = await startOffsiteSchedule({
      targets: () => this.targets(),
      timeZone: () => this.d.settings.get().schedule.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      catchUpHours: () => this.d.settings.get().schedule.catchUpHours,
      watermark: fileWatermarkStore(this.d.configDir, OFFSITE_SCHEDULE_STATE),
      clock: this.d.clock,
      // A real minute, whatever timer the retries use (a test's hand-fired waits stay its own).
      timer: this.deps.scheduleTimer ?? realTimer,
      logger: this.d.logger,
      due: (t) => void this.scheduledCopy(t),
    });
  }

  /** The stagings of targets no longer in the settings are removed (at start and on every settings change). */
  private async cleanStagings(): Promise<void> {
    const folder = this.d.settings.get().folder.path;
    try {
      const gone = await removeUnconfiguredStagings(folder, new Set(this.targets().map((t) => t.id)), new Set(this.working.keys()));
      if (gone.length) this.d.logger.info(`offsite: removed the prepared copies of target(s) no longer set up: ${gone.map((g) => join(stagingRoot(folder), g)).join(', ')}`);
    } catch (err) {
      this.d.logger.warn(`offsite: the prepared copies of removed targets were not removed: ${causeWords(err)}`);
    }
  }

  /** At start: queue every prepared copy, and every backup an after-run target missed while the Director was down. */
  private async resume(): Promise<void> {
    const { folder, retention } = this.d.settings.get();
    const keep = (t: OffsiteTarget) => t.retention ?? retention.recent + retention.archive;
    const queue = await copiesToResume({ folder: folder.path, configDir: this.d.configDir, targets: this.targets(), keep });
    for (const q of queue) this.enqueue(q.target, q.backupId, 1);
    if (queue.length) this.d.logger.info(`offsite: queued again the copies not finished (or not made) before the Director stopped: ${queue.map((q) => `${q.backupId} to "${q.target.label}" (${q.why})`).join(', ')}`);
  }

  /** A target's own schedule came due: the newest successful backup, unless it is already there. */
  private async scheduledCopy(t: OffsiteTarget): Promise<void> {
    try {
      const id = await this.newestSuccessful();
      const s = this.states.get(t);
      if (s.onTarget?.includes(id) || (s.lastCopy?.backupId === id && s.lastCopy.ok)) return;
      this.enqueue(t, id, 1);
    } catch (err) {
      this.d.logger.warn(`offsite target "${t.label}": its scheduled copy was not queued: ${causeWords(err)}`);
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.schedule?.stop();
    for (const cancel of this.retryTimers.values()) cancel();
    this.abort.abort();
    await Promise.all([...this.working.values()].map((w) => w.catch(() => undefined)));
    // Copies stopped or not begun are made when a Director starts again (resume), not lost.
    const left = [...this.stopped, ...[...this.queues.values()].flat()];
    await keepForResume(this.d.settings.get().folder.path, left).catch((e: unknown) => this.d.logger.warn(`offsite: the copies not made were not kept for the next start: ${causeWords(e)}`));
  }

  status(): OffsiteStatus {
    return this.states.snapshot(this.targets());
  }

  /** Complete copies seen on a target by a listing. */
  noteOnTarget(targetId: string, ids: string[]): void {
    const t = this.target(targetId);
    if (t) this.states.update(t, { onTarget: ids }, this.targets());
  }

  /** The run queue's listener: a successful run is queued for every enabled target copied after each run. */
  readonly onRunEnded = (ended: RunEnded): void => {
    const id = ended.result.id;
    if (ended.result.result !== 'Succeeded' || !id) return;
    for (const t of this.targets()) if (t.enabled && t.when.kind === 'afterRun') this.enqueue(t, id, 1);
  };

  /** `offsite.copy`: a backup (default the newest successful one) to a target (default every enabled one). */
  async copyNow(targetId?: string, backupId?: string): Promise<OffsiteCopyQueued['queued']> {
    const targets = targetId ? [this.target(targetId)] : this.targets().filter((t) => t.enabled);
    if (targetId && !targets[0]) throw new HotBackupError('NOT_FOUND', `No offsite target "${targetId}": add it in the Offsite tab, or "hotbackup offsite list" names the targets`);
    if (targets.length === 0) throw new HotBackupError('BAD_INPUT', 'No offsite target is enabled: add one in the Offsite tab');
    const id = backupId ?? (await this.newestSuccessful());
    const folder = this.d.settings.get().folder.path;
    const found = await findBackup(folder, id, { logger: this.d.logger, clock: this.d.clock });
    if (found.record.result !== 'Succeeded') throw new HotBackupError('BAD_INPUT', `Backup ${id} did not succeed (${found.record.result}): only a successful backup is copied offsite`);
    return targets.map((t) => (this.enqueue(t!, id, 1), { target: t!.id, backupId: id }));
  }

  private newestSuccessful = () => newestSuccessfulId(this.d.settings.get().folder.path, { logger: this.d.logger, clock: this.d.clock });

  private enqueue(t: OffsiteTarget, backupId: string, attempt: number, first = false): void {
    const q = this.queues.get(t.id) ?? [];
    const s = this.states.get(t);
    const busyWith = s.state === 'idle' || s.state === 'failed' ? null : s.backupId;
    if (q.some((j) => j.backupId === backupId) || (busyWith === backupId && attempt === 1)) return;
    if (first) q.unshift({ target: t.id, backupId, attempt });
    else q.push({ target: t.id, backupId, attempt });
    this.queues.set(t.id, q);
    const waiting = q.map((j) => j.backupId);
    this.states.update(t, s.state === 'idle' || s.state === 'failed' ? { state: 'queued', backupId: null, queued: waiting } : { queued: waiting.filter((x) => x !== s.backupId) }, this.targets());
    this.work(t.id);
  }

  private work(targetId: string): void {
    if (this.working.has(targetId)) return;
    const worker = (async () => {
      for (let job = this.next(targetId); job; job = this.next(targetId)) await this.runJob(job);
    })().finally(() => this.working.delete(targetId));
    this.working.set(targetId, worker);
  }

  private next(targetId: string): Job | null {
    if (this.abort.signal.aborted || this.retryTimers.has(targetId)) return null;
    return this.queues.get(targetId)?.shift() ?? null;
  }

  private async runJob(job: Job): Promise<void> {
    const t = this.target(job.target);
    if (!t) return;
    const started = this.d.clock().toISOString();
    const queued = () => (this.queues.get(t.id) ?? []).map((j) => j.backupId);
    this.states.update(t, { state: 'copying', backupId: job.backupId, queued: queued(), step: 'starting', bytesDone: 0, bytesTotal: 0, nextRetry: null }, this.targets());
    const settings = this.d.settings.get();
    let log: ((code: string, detail: string) => Promise<void>) | null = null;
    try {
      const found = await findBackup(settings.folder.path, job.backupId, { logger: this.d.logger, clock: this.d.clock });
      const append = hbLogAppender(found.path, this.d.clock);
      log = (code, detail) => append(code, detail).catch(() => undefined);
      const result = await (this.deps.copy ?? runCopyJob)({
        target: t,
        backupId: job.backupId,
        backupPath: found.path,
        seq: found.record.seq ?? null,
        keep: t.retention ?? settings.retention.recent + settings.retention.archive,
        stagingDir: join(stagingRoot(settings.folder.path), t.id, job.backupId),
        workDir: offsiteWorkDir(this.d.configDir),
        partSize: settings.engine.volumeSize,
        openSecret: (s) => this.d.secrets.open(s),
        clock: this.d.clock,
        signal: this.abort.signal,
        log,
        progress: (p) => this.progress(t, p),
      });
      // Stagings of this target's earlier copies that never completed are of no use once a newer one did.
      await rm(join(stagingRoot(settings.folder.path), t.id), { recursive: true, force: true }).catch(() => undefined);
      await this.finish(t, job, started, null, result.bytesSent, result.encrypted);
      this.states.update(t, { onTarget: result.onTarget }, this.targets());
    } catch (err) {
      if (this.abort.signal.aborted) {
        // Stopped by the Director's stop (or the command's end): not a failed copy; made at the next start.
        this.stopped.push(job);
        return void (await log?.('HB_OFFSITE_STOPPED', `"${t.label}": stopped because the Director stopped; the copy is made when it starts again`));
      }
      const why = causeWords(err);
      await log?.('HB_OFFSITE_FAILED', `"${t.label}": ${why}`);
      await this.finish(t, job, started, why, 0, t.recipients.length > 0);
    }
  }

  private progress(t: OffsiteTarget, p: { step: string; bytesDone: number; bytesTotal: number }): void {
    const state = p.step.startsWith('checking the copy') ? 'checking' : p.step.includes('retention') ? 'retention' : 'copying';
    if (!this.broadcastGate.pass(state !== this.states.get(t).state)) return;
    this.states.update(t, { state, ...p }, this.targets());
  }

  private async finish(t: OffsiteTarget, job: Job, started: string, error: string | null, bytesSent: number, encrypted: boolean): Promise<void> {
    const record = { target: t.id, label: t.label, backupId: job.backupId, started, ended: this.d.clock().toISOString(), ok: error === null, attempt: job.attempt, bytesSent, error: error ?? '', encrypted };
    await appendOffsiteHistory(this.d.configDir, record).catch((e: unknown) => this.d.logger.warn(`offsite history not written: ${causeWords(e)}`));
    this.states.record(record, this.targets());
    const queued = (this.queues.get(t.id) ?? []).map((j) => j.backupId);
    if (error === null) {
      this.d.logger.info(`offsite copy of ${job.backupId} to "${t.label}" complete (${bytesSent} bytes sent)`);
      this.states.update(t, { state: queued.length ? 'queued' : 'idle', backupId: null, queued, step: null }, this.targets());
      return;
    }
    this.d.logger.warn(`offsite copy of ${job.backupId} to "${t.label}" failed (attempt ${job.attempt}): ${error}`);
    const { retryCount, retryWaitMinutes } = this.d.settings.get().alerts;
    if (job.attempt <= retryCount && !this.abort.signal.aborted && !/^There is no backup/.test(error)) {
      const ms = retryWaitMinutes * 60_000 * 2 ** (job.attempt - 1);
      const nextRetry = new Date(this.d.clock().getTime() + ms).toISOString();
      this.states.update(t, { state: 'waiting to retry', backupId: job.backupId, queued, step: null, nextRetry }, this.targets());
      const cancel = (this.deps.timer ?? realTimer).after(ms, () => {
        this.retryTimers.delete(t.id);
        this.enqueue(t, job.backupId, job.attempt + 1, true);
      });
      this.retryTimers.set(t.id, cancel);
      return;
    }
    this.states.update(t, { state: 'failed', backupId: job.backupId, queued, step: null, nextRetry: null }, this.targets());
    await this.alert(t, job, error);
  }

  private async alert(t: OffsiteTarget, job: Job, error: string): Promise<void> {
    const warning = `The offsite copy of backup ${job.backupId} to "${t.label}" failed after ${job.attempt} attempt(s): ${error}`;
    this.d.status.set({ ...this.d.status.get(), warnings: [...this.d.status.get().warnings.filter((w) => !w.startsWith(`The offsite copy of backup ${job.backupId} to "${t.label}"`)), warning] });
    if (!this.deps.notify) return;
    const { host } = await this.deps.notify.env();
    const problem = await sendAlertMail(this.deps.notify, {
      subject: `HotBackup on ${host}: offsite copy to "${t.label}" failed`,
      body: `${warning}\n\nThe local backup ${job.backupId} is not affected.\n\nOffsite targets:\n${offsiteWords(this.status())}\n`,
    });
    if (problem) this.d.status.set({ ...this.d.status.get(), warnings: [...this.d.status.get().warnings, problem] });
  }

  restore(input: z.output<typeof OffsiteRestoreInput>, user: string): Promise<OffsiteRestoreSummary> {
    const t = this.target(input.target);
    if (!t) throw new HotBackupError('NOT_FOUND', `No offsite target "${input.target}": "hotbackup offsite list" names the targets`);
    this.d.logger.info(`offsite restore of ${input.backupId} from "${t.label}" into ${input.to} by ${user}`);
    return restoreFromTarget({ ...input, target: t, hotBackupFolder: this.d.settings.get().folder.path, workDir: offsiteWorkDir(this.d.configDir), openSecret: (s) => this.d.secrets.open(s), signal: this.abort.signal });
  }
}
