import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CallContext, Handlers } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { Session, type SessionOptions } from './access/session.js';
import { acquireDirectorLock, type DirectorLock } from './director-lock.js';
import type { HolderKind } from '../base/owner-lock.js';
import { dispatch } from './handlers/dispatch.js';
import { EventHub } from './event-hub.js';
import { OffsiteService } from './offsite/offsite-service.js';
import { createHandlers } from './handlers/index.js';
import { createFileLogger, type Logger } from '../base/logger.js';
import { createRunMachinery, type RunBackup } from './run/run-machinery.js';
import { StalenessMonitor } from './alerts/staleness-monitor.js';
import { VerifySchedule } from './verify-schedule/verify-schedule.js';
import { notifyDepsFrom, type NotifyDeps } from './notify/notify-deps.js';
import { createNotifyListener } from './notify/run-ended-listener.js';
import { ScheduledRetry } from './retry/scheduled-retry.js';
import { fileRetryStateStore } from './retry/retry-state-store.js';
import { realTimer, type Timer } from './retry/timer.js';
import { createHeadlessSecretBox, type SecretBox } from './notify/secret-box.js';
import type { DirectorServices } from './services.js';
import { SettingsStore } from './settings/settings-store.js';
import { StatusTracker } from './run/status-tracker.js';
import { wireVault } from './run/interrupted-runs.js';
import { DownloadTickets } from './access/download-tickets.js';
import { DRIVE_REGISTRY_NAME, dropWarmWorker, lockedRunBackup, runBackup, warmBackupWorker } from '../engine/index.js';

export interface DirectorOptions {
  configDir: string;
  clock?: () => Date;
  logger?: Logger;
  platform?: NodeJS.Platform;
  home?: string;
  /** Seals secrets at rest; the Electron host passes safeStorage, headless uses a key file. */
  sealSecret?: (plain: string) => string;
  /** Seals and opens secrets (default: AES-256-GCM with `<configDir>/secret.key`). Wins over sealSecret. */
  secrets?: SecretBox;
  /** The engine's runBackup (tests pass a fake); default: the real engine. */
  runBackup?: RunBackup;
  /** Arm the schedule (default true; the CLI's short-lived in-process Director passes false). */
  schedule?: boolean;
  /** E-mail after each run: how long to wait between retries (tests pass short waits). */
  notify?: Partial<Pick<NotifyDeps, 'retry'>>;
  /** Waits for scheduled retries and the no-backup alert checks (tests pass a timer they fire themselves). */
  timer?: Timer;
  /** Take the one-Director-per-config-dir lock (false only for short-lived CLI helpers in tests). */
  lock?: boolean;
  /** Which program hosts this Director, named to anyone it keeps out (default: the headless Director). */
  holder?: HolderKind;
  /** What it is doing, for the lock (a CLI command's name). */
  purpose?: string;
}

export interface Director {
  readonly services: DirectorServices;
  readonly handlers: Handlers;
  readonly hub: EventHub;
  invoke(name: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** One session per connection: every transport (in-process, IPC, WebSocket) opens one. */
  openSession(opts: SessionOptions): Session;
  /** Record where clients can reach us (written into the lock file for the CLI). */
  advertise(url: string): Promise<void>;
  close(): Promise<void>;
}

/** Build and start a Director on a config directory. Throws SettingsInvalidError or DirectorLockedError. */
export async function createDirector(opts: DirectorOptions): Promise<Director> {
  const clock = opts.clock ?? (() => new Date());
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? homedir();
  const secrets = opts.secrets ?? createHeadlessSecretBox(opts.configDir);
  const sealSecret = opts.secrets || !opts.sealSecret ? (plain: string) => secrets.seal(plain) : opts.sealSecret;
  const settings = new SettingsStore({ configDir: opts.configDir, platform, home, clock, sealSecret });
  await settings.load();
  let lock: DirectorLock | null = null;
  if (opts.lock !== false) lock = await acquireDirectorLock(opts.configDir, clock, opts.holder ?? 'director', opts.purpose);
  const logger = opts.logger ?? createFileLogger({ file: join(opts.configDir, 'logs', 'director.log'), clock });
  const hub = new EventHub();
  const status = new StatusTracker(hub);
  // Every run checks its HotBackup folder is the backup drive used before (engine/vault/drive-identity.ts).
  const withDriveCheck = (run: RunBackup): RunBackup => (o) =>
    run({ ...o, drive: { registryFile: join(opts.configDir, DRIVE_REGISTRY_NAME), allowRotation: settings.get().folder.rotateDrives } });
  // Fields that fail a check added by a later release: used as they are, and said until corrected.
  for (const w of settings.loadWarnings) logger.warn(w);
  if (settings.loadWarnings.length) status.set({ ...status.get(), warnings: [...status.get().warnings, ...settings.loadWarnings] });
  const machinery = createRunMachinery({ configDir: opts.configDir, settings, hub, status, logger, clock, runBackup: withDriveCheck(lockedRunBackup(opts.runBackup ?? runBackup, opts.holder ?? 'director')) });
  const services: DirectorServices = {
    ...machinery.services,
    configDir: opts.configDir,
    settings,
    hub,
    status,
    logger,
    clock,
    platform,
    home,
    secrets,
    endpoint: { url: null, fingerprint: null },
    downloads: new DownloadTickets(clock),
  };
  // A failed scheduled run is tried again; its e-mail waits for the last attempt unless settings say otherwise.
  const retries = new ScheduledRetry({
    settings: () => settings.get().alerts,
    runs: services.runs,
    clock,
    logger,
    timer: opts.timer ?? realTimer,
    store: fileRetryStateStore(opts.configDir),
    warn: (message) => status.set({ ...status.get(), warnings: [...status.get().warnings, message] }),
  });
  services.onRunEnded.push(retries.onRunEnded);
  // E-mail after every run; a sending failure becomes a status warning, never a changed result.
  services.onRunEnded.push(createNotifyListener(services, opts.notify, (ended) => !ended.runKey || retries.notifies(ended.runKey)));
  // "No successful backup for N hours": only in the long-lived Director (the one that runs the schedule).
  const staleness =
    opts.schedule === false
      ? null
      : new StalenessMonitor({ configDir: opts.configDir, settings: () => settings.get(), status, clock, logger, timer: opts.timer ?? realTimer, notify: notifyDepsFrom(services, opts.notify) });
  if (staleness) services.onRunEnded.push(staleness.onRunEnded);
  // The long-lived Director with the real engine keeps one engine worker started ahead: a
  // requested run (a yellow light waiting) does not wait for its launch. Started again after each run.
  const keepWorkerWarm = opts.schedule !== false && !opts.runBackup;
  if (keepWorkerWarm) services.onRunEnded.unshift(() => void warmBackupWorker());
  const verifies =
    opts.schedule === false
      ? null
      : new VerifySchedule({
          configDir: opts.configDir, settings: () => settings.get(), runs: services.runs, status, clock, logger, timer: opts.timer ?? realTimer,
          notify: notifyDepsFrom(services, opts.notify), changed: (ids) => hub.broadcast('vault.changed', { reason: 'scheduled verify', ids }),
        });
  await wireVault(services);
  // Offsite copies: their own jobs after a successful run, never in the run queue (issue 19).
  const offsite = new OffsiteService(services, { timer: opts.timer ?? realTimer, notify: notifyDepsFrom(services, opts.notify) });
  await offsite.start(opts.schedule !== false);
  services.onRunEnded.push(offsite.onRunEnded);
  const handlers = createHandlers(services, offsite);
  await machinery.start({ schedule: opts.schedule !== false });
  // Not awaited: the first check may send e-mail, and a verify reads whole backups.
  if (opts.schedule !== false) await retries.start();
  void staleness?.start();
  void verifies?.start();
  const invoke = (name: unknown, input: unknown, ctx: CallContext) => dispatch(handlers, name, input, ctx, logger);
  if (keepWorkerWarm) warmBackupWorker();
  logger.info(`Director started on ${opts.configDir} (pid ${process.pid})`);
  return {
    services,
    handlers,
    hub,
    invoke,
    openSession: (o) => new Session({ invoke, subscribe: (sink) => hub.subscribe(sink), logger }, o),
    advertise: async (url) => {
      await lock?.setUrl(url);
    },
    close: async () => {
      logger.info('Director stopping');
      await retries.stop();
      await staleness?.stop();
      await verifies?.stop();
      await offsite.stop();
      await machinery.stop();
      if (keepWorkerWarm) dropWarmWorker();
      await lock?.release();
    },
  };
}
