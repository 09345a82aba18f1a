import { join } from 'node:path';
import type { Settings } from '../../../shared/settings.js';
import { causeWords, readBackupLog, verifyStoredBackup } from '../../engine/index.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import type { StoredVerdict } from '../../../shared/vault.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { sendAlertMail } from '../alerts/alert-mail.js';
import type { Logger } from '../../base/logger.js';
import type { NotifyDeps } from '../notify/notify-deps.js';
import type { Timer } from '../retry/timer.js';
import type { RunQueue } from '../run/run-queue.js';
import { backupsToVerify, verdictOf, verifyDue } from './verify-plan.js';
import { updateVerdicts, readVerdicts, withVerdict } from './verdict-store.js';

export const VERIFY_CHECK_EVERY_MS = 60 * 60_000;

export interface VerifyScheduleDeps {
  configDir: string;
  settings: () => Settings;
  runs: Pick<RunQueue, 'current'>;
  status: { get(): StatusSnapshot; set(s: StatusSnapshot): void };
  /** Tells consoles to list the Vault again (`vault.changed`). */
  changed: (ids: string[]) => void;
  clock: () => Date;
  logger: Logger;
  timer: Timer;
  notify: NotifyDeps;
}

/** The e-mail and status line for a damaged backup. */
export function damagedAlert(v: StoredVerdict, backupPath: string, host: string): { subject: string; body: string; warning: string } {
  return {
    subject: `HotBackup ${v.id} is damaged on ${host} (scheduled verify)`,
    body: [
      `The scheduled verify re-read backup ${v.id} on ${host} and found it damaged:`,
      '',
      v.summary,
      '',
      'A restore from this backup would not give back the data as it was backed up.',
      'What to do: run a new HotBackup now (Back Up Data Files), then check the drive of the',
      `HotBackup folder for errors. The details are in ${join(backupPath, 'HB.LOG')}.`,
    ].join('\n'),
    warning: `Scheduled verify found backup ${v.id} damaged: ${v.summary}. Run a new backup and check the drive of the HotBackup folder.`,
  };
}

/**
 * Re-reads stored backups on a schedule (`alerts.verifyEveryDays`, default weekly; the newest
 * successful backup, or all with `alerts.verifyWhich: "all"`) with the Vault's own verify.
 * Checked hourly: a verify due while a run is in progress waits for the next check. Each
 * verdict goes to verify-results.json (the Vault shows it); a damaged backup is e-mailed to the
 * failure recipients and shown as a status warning, like a failed run.
 */
export class VerifySchedule {
  private chain: Promise<void> = Promise.resolve();
  private cancel: () => void = () => undefined;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly deps: VerifyScheduleDeps) {}

  /** Check now (a verify may take minutes: the Director does not wait for it), then hourly. */
  start(): Promise<void> {
    this.arm();
    return this.check();
  }

  check(): Promise<void> {
    this.chain = this.chain
      .then(() => this.checkOnce())
      .catch((err: unknown) => this.deps.logger.error(`scheduled verify failed: ${(err as Error)?.stack ?? String(err)}`));
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    this.abort.abort('the Director is stopping');
    await this.chain;
  }

  private arm(): void {
    if (this.stopped) return;
    this.cancel = this.deps.timer.after(VERIFY_CHECK_EVERY_MS, () => {
      void this.check().then(() => this.arm());
    });
  }

  private async checkOnce(): Promise<void> {
    const { alerts, folder } = this.deps.settings();
    const now = this.deps.clock();
    if (this.stopped) return;
    const { lastScheduledAt } = await readVerdicts(this.deps.configDir);
    if (lastScheduledAt === null) {
      await updateVerdicts(this.deps.configDir, (f) => ({ ...f, lastScheduledAt: now.toISOString() }));
      return;
    }
    if (!verifyDue(lastScheduledAt, now, alerts.verifyEveryDays)) return;
    if (this.deps.runs.current()) {
      this.deps.logger.info('scheduled verify: a HotBackup run is in progress; trying again within the hour');
      return;
    }
    let ids: string[];
    try {
      ids = backupsToVerify((await readBackupLog(folder.path)).records, alerts.verifyWhich);
    } catch (err) {
      this.deps.logger.warn(`scheduled verify: BACKUP.LOG in ${folder.path} cannot be read (${(err as Error).message}); trying again within the hour`);
      return;
    }
    if (ids.length === 0) return;
    const damaged: StoredVerdict[] = [];
    for (const id of ids) {
      if (this.stopped) return;
      const verdict = await this.verifyOne(folder.path, id);
      if (!verdict) continue;
      await updateVerdicts(this.deps.configDir, (f) => withVerdict(f, verdict));
      if (!verdict.ok) damaged.push(verdict);
    }
    await updateVerdicts(this.deps.configDir, (f) => ({ ...f, lastScheduledAt: now.toISOString() }));
    this.deps.changed(ids);
    for (const v of damaged) await this.alert(v, folder.path);
  }

  /** One backup's verdict; null when it was deleted meanwhile (retention after a run), which is no damage. */
  private async verifyOne(hotBackupFolder: string, id: string): Promise<StoredVerdict | null> {
    try {
      const result = await verifyStoredBackup(hotBackupFolder, id, { clock: this.deps.clock, logger: this.deps.logger, signal: this.abort.signal });
      return verdictOf(result, formatLocalIso(this.deps.clock()), true);
    } catch (err) {
      if (this.abort.signal.aborted) return null;
      const still = await readBackupLog(hotBackupFolder).then((l) => l.records.some((r) => r.id === id), () => true);
      if (!still) return null;
      return { id, at: formatLocalIso(this.deps.clock()), ok: false, summary: `it cannot be read: ${causeWords(err)}`, scheduled: true };
    }
  }

  private async alert(v: StoredVerdict, hotBackupFolder: string): Promise<void> {
    const record = (await readBackupLog(hotBackupFolder).catch(() => null))?.records.find((r) => r.id === v.id);
    const { host } = await this.deps.notify.env();
    const text = damagedAlert(v, join(hotBackupFolder, record?.folder ?? 'Recent', v.id), host);
    this.deps.logger.error(`scheduled verify: ${text.warning}`);
    const mailProblem = await sendAlertMail(this.deps.notify, text);
    const s = this.deps.status.get();
    this.deps.status.set({ ...s, warnings: [...s.warnings, text.warning, ...(mailProblem ? [mailProblem] : [])] });
  }
}
