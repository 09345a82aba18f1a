import type { Settings } from '../../../shared/settings.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import type { Logger } from '../../base/logger.js';
import type { NotifyDeps } from '../notify/notify-deps.js';
import type { Timer } from '../retry/timer.js';
import type { RunEnded } from '../run/run-queue.js';
import { effectiveTimeZone } from '../schedule/wake-plan.js';
import { loadAlertState, saveAlertState } from './alert-state-store.js';
import { okAgainText, staleAlertText, staleWarning } from './alert-text.js';
import { sendAlertMail } from './alert-mail.js';
import { lastSuccessfulBackup, type LastSuccess } from './last-success.js';
import { decideStaleness, newerSuccess, type StaleState } from './staleness-decision.js';
import { staleThresholdHours } from './stale-threshold.js';

export const CHECK_EVERY_MS = 15 * 60_000;

export interface StalenessMonitorDeps {
  configDir: string;
  settings: () => Settings;
  status: { get(): StatusSnapshot; set(s: StatusSnapshot): void };
  clock: () => Date;
  logger: Logger;
  timer: Timer;
  /** How alert e-mails are sent (the run e-mails' server, retry policy and host facts). */
  notify: NotifyDeps;
  /** Where "the last successful backup" comes from (default: the run history and BACKUP.LOG). */
  lastSuccess?: (configDir: string, hotBackupFolder: string) => Promise<LastSuccess | null>;
  systemTimeZone?: () => string;
}

/**
 * The "no successful backup for N hours" alert: checks every 15 minutes and after every
 * run, e-mails the failure recipients and shows a status warning (console, tray, CLI),
 * repeats every N hours while it lasts, and sends "OK again" once a backup succeeds.
 */
export class StalenessMonitor {
  private state: StaleState | null = null;
  private shown: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private cancel: () => void = () => undefined;
  private stopped = false;

  constructor(private readonly deps: StalenessMonitorDeps) {}

  /** Load the remembered state, check once, then every 15 minutes. Resolves after the first check; never throws. */
  start(): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        const loaded = await loadAlertState(this.deps.configDir, this.deps.clock(), this.deps.logger);
        // Written at once: "no success since watching began" must survive restarts.
        if (loaded.fresh) await saveAlertState(this.deps.configDir, loaded.state);
        this.state = loaded.state;
      })
      .catch((err: unknown) => this.deps.logger.error(`no-backup alert not started: ${(err as Error)?.stack ?? String(err)}`));
    this.arm();
    return this.check();
  }

  /** The run queue's `onRunEnded` listener: a success may end the alert, a failure re-shows it. */
  readonly onRunEnded = (ended: RunEnded): Promise<void> => {
    if (ended.result.result === 'Succeeded') {
      this.chain = this.chain.then(() => {
        if (this.state) this.state = newerSuccess(this.state, ended.result.endedAt, ended.result.id);
      });
    }
    return this.check();
  };

  /** Check now (serialised with other checks); never throws. */
  check(): Promise<void> {
    this.chain = this.chain
      .then(() => this.checkOnce())
      .catch((err: unknown) => this.deps.logger.error(`no-backup alert check failed: ${(err as Error)?.stack ?? String(err)}`));
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    await this.chain;
  }

  private arm(): void {
    if (this.stopped) return;
    this.cancel = this.deps.timer.after(CHECK_EVERY_MS, () => {
      void this.check().then(() => this.arm());
    });
  }

  private async checkOnce(): Promise<void> {
    if (!this.state || this.stopped) return;
    const settings = this.deps.settings();
    const now = this.deps.clock();
    let state = this.state;
    try {
      const last = await (this.deps.lastSuccess ?? lastSuccessfulBackup)(this.deps.configDir, settings.folder.path);
      if (last) state = newerSuccess(state, last.at, last.id);
    } catch (err) {
      this.deps.logger.warn(`no-backup alert: neither the run history nor BACKUP.LOG can be read (${(err as Error).message}); using the last success seen`);
    }
    const zone = effectiveTimeZone(settings.schedule, (this.deps.systemTimeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone))());
    let threshold: number | null = null;
    try {
      threshold = staleThresholdHours(settings.alerts, settings.schedule, zone, now);
    } catch (err) {
      this.deps.logger.warn(`no-backup alert: the schedule's gaps cannot be worked out (${(err as Error).message})`);
    }
    const { action, state: next } = decideStaleness(state, now, threshold);
    if (JSON.stringify(next) !== JSON.stringify(this.state)) await saveAlertState(this.deps.configDir, next);
    this.state = next;
    const lastSuccess = next.lastSuccessAt ? { at: next.lastSuccessAt, id: next.lastSuccessId } : null;
    if (action.kind === 'alert') {
      const env = await this.deps.notify.env();
      const text = staleAlertText(
        { hours: action.hours, thresholdHours: threshold!, lastSuccess, watchingSince: next.watchingSince, lastRun: this.deps.status.get().lastRun, ...env },
        action.repeat,
      );
      this.deps.logger.warn(`no-backup alert: ${text.warning}`);
      this.show(text.warning);
      this.addMailWarning(await sendAlertMail(this.deps.notify, text));
    } else if (action.kind === 'ok') {
      const env = await this.deps.notify.env();
      const text = okAgainText({ id: next.lastSuccessId, at: next.lastSuccessAt!, hoursWithout: action.hours, host: env.host });
      this.deps.logger.info(`no-backup alert over: ${text.subject}`);
      this.show(null);
      this.addMailWarning(await sendAlertMail(this.deps.notify, text));
    } else if (next.alertingSince) {
      const hours = Math.floor((now.getTime() - Date.parse(next.lastSuccessAt ?? next.watchingSince)) / 3_600_000);
      this.show(staleWarning({ hours, lastSuccess, watchingSince: next.watchingSince }));
    } else {
      this.show(null);
    }
  }

  /** Keep exactly one no-backup line in the status warnings (a run's end resets them). */
  private show(text: string | null): void {
    const s = this.deps.status.get();
    const others = s.warnings.filter((w) => w !== this.shown);
    const warnings = text ? [...others, text] : others;
    this.shown = text;
    if (warnings.length !== s.warnings.length || warnings.some((w, i) => w !== s.warnings[i])) this.deps.status.set({ ...s, warnings });
  }

  private addMailWarning(warning: string | null): void {
    if (!warning) return;
    const s = this.deps.status.get();
    this.deps.status.set({ ...s, warnings: [...s.warnings, warning] });
  }
}
