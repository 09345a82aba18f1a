import { z } from 'zod';
import { localPathProblem } from './paths.js';
import { ScheduleDays, TimeOfDay } from './schedule-days.js';
import { OffsiteSettings, OffsiteSettingsPatch, PublicOffsiteSettings } from './offsite-settings.js';

/**
 * 2: each data directory has a stable `id` (version 1 files get IDs when loaded).
 * 3: a data directory may include its own files that keep changing (`includeUnsettled`); absent = no.
 * 4: offsite targets (`offsite.targets`, issue 19); absent = none.
 */
export const SETTINGS_SCHEMA_VERSION = 4;
export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

const LocalPath = z.string().superRefine((p, ctx) => {
  const problem = localPathProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${p}" ${problem}` });
});

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number from ${min} to ${max}` })
    .int({ error: `${label} must be a whole number from ${min} to ${max}` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max}` });

export const FolderSettings = z.object({
  /** The HotBackup folder: Recent/, Archive/, Failed/ and BACKUP.LOG live here. */
  path: LocalPath,
  /** Offices that rotate backup drives: a new empty drive at this path is adopted by itself. */
  rotateDrives: z.boolean().default(false),
});

export const RetentionSettings = z.object({
  recent: wholeNumber('Recent', 1, 99),
  archive: wholeNumber('Archive', 0, 99),
});

/** Glob patterns are bounded (the engine's glob-match.ts matches in linear time within these limits). */
export const MAX_PATTERN_LENGTH = 500;
export const MAX_PATTERNS = 500;
export const GlobPattern = z.string().min(1).max(MAX_PATTERN_LENGTH, { error: `a pattern is at most ${MAX_PATTERN_LENGTH} characters` });

/** A data directory's stable identity: backups record it, restore-over matches by it. */
export const DataDirectoryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a data directory ID is 1 to 64 letters, digits, "-" or "_"' });

export const DataDirectory = z.object({
  /** Assigned by the Director when missing (new entries, settings files of version 1); kept across edits. */
  id: DataDirectoryId.optional(),
  path: LocalPath,
  label: z.string().max(80).default(''),
  /** Globs relative to the data directory, e.g. `*.tmp`, `cache/**`. */
  exclude: z.array(GlobPattern).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} exclude patterns` }).default([]),
  /**
   * (3) A file in this directory that never settles is included with a warning instead of failing
   * the run, as `engine.includeUnsettled` does for every directory. Absent = false.
   */
  includeUnsettled: z.boolean().optional(),
});
export type DataDirectory = z.infer<typeof DataDirectory>;

export const EngineSettings = z.object({
  compression: z.enum(['none', 'gzip']),
  volumeSize: z
    .number()
    .int()
    .min(MIB, { error: `volumeSize must be at least ${MIB} bytes (1 MiB)` })
    .max(64 * GIB),
  /** How many times a changing file is re-read before it counts as unsettled. */
  settleAttempts: wholeNumber('settleAttempts', 1, 50),
  /** Include a file that never settled (with a warning) instead of failing the run. */
  includeUnsettled: z.boolean(),
  /** Fail the run on a file or folder it cannot read, instead of skipping it (named in HB.LOG, counted). Default false. */
  failOnUnreadable: z.boolean().optional(),
  /** Watchdog: a run whose bytes and files do not move for this many minutes (outside waiting for exclusive tasks) ends Failed. Default 10. */
  watchdogMinutes: z.number().int().min(1).max(1440).optional(),
});
export type EngineSettings = z.infer<typeof EngineSettings>;

export { weekdayNames, TimeOfDay, ScheduleDays } from './schedule-days.js';

export const ScheduleEntry = z.object({
  id: z.string().min(1),
  days: ScheduleDays,
  times: z.array(TimeOfDay).min(1, { error: 'give at least one time of day' }),
  suspended: z.boolean().default(false),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

export const ScheduleSettings = z.object({
  entries: z.array(ScheduleEntry),
  /** Global suspend: null = running; 'indefinitely' or an ISO time until which nothing fires. */
  suspendedUntil: z.union([z.null(), z.literal('indefinitely'), z.iso.datetime({ offset: true })]),
  /** IANA time zone; null = the system's. */
  timeZone: z.string().nullable(),
  catchUpHours: z.number().min(0).max(168),
});
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export const SmtpSecurity = z.enum(['none', 'starttls', 'tls']);
export const EmailServerSettings = z.object({
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  security: SmtpSecurity,
  username: z.string(),
  /** Encrypted at rest (never the clear password); null = not set. Never sent to clients. */
  passwordSealed: z.string().nullable(),
  fromName: z.string(),
  fromAddress: z.string(),
  timeoutSeconds: z.number().int().min(1).max(300),
});
export type EmailServerSettings = z.infer<typeof EmailServerSettings>;

export const NotificationMessage = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  enabled: z.boolean(),
  when: z.enum(['success', 'failure', 'always']),
  to: z.array(z.email()),
  cc: z.array(z.email()),
  subject: z.string(),
  body: z.string(),
  attachLog: z.boolean(),
});
export type NotificationMessage = z.infer<typeof NotificationMessage>;

export const EmailSettings = z.object({
  server: EmailServerSettings,
  messages: z.array(NotificationMessage),
});

export const ServiceSettings = z.object({
  /** Where `hotbackup director` listens; port 0 = any free port. */
  host: z.string(),
  port: z.number().int().min(0).max(65535),
});

/**
 * Retries and alerts (issue 13). Each field has a default, so a settings.json written
 * before a field existed still loads; the patch form below has none, so an edit of one
 * field never resets the others.
 */
const alertFields = {
  /** A failed scheduled run is tried again this many times. */
  retryCount: wholeNumber('Retries', 0, 10),
  /** Minutes before the first retry; each later wait is twice the one before. */
  retryWaitMinutes: wholeNumber('Retry wait (minutes)', 1, 1440),
  /** E-mail after every failed attempt (default: only after the last retry fails). */
  notifyEveryAttempt: z.boolean(),
  /** Alert when no backup succeeded for this many hours; null = twice the longest gap between scheduled slots, at least 26. */
  staleAfterHours: z
    .number({ error: 'No-backup alert hours must be a number from 1 to 8760, or null for automatic' })
    .min(1, { error: 'No-backup alert hours must be at least 1' })
    .max(8760, { error: 'No-backup alert hours must be at most 8760' })
    .nullable(),
  /** Verify stored backups every this many days (0 = never); a damaged one alerts like a failed run. */
  verifyEveryDays: wholeNumber('Verify every (days)', 0, 365),
  /** Which backups the scheduled verify re-reads: the newest successful one, or every successful one. */
  verifyWhich: z.enum(['newest', 'all'], { error: 'verifyWhich must be "newest" or "all"' }),
};
export const AlertSettings = z.object({
  retryCount: alertFields.retryCount.default(2),
  retryWaitMinutes: alertFields.retryWaitMinutes.default(15),
  notifyEveryAttempt: alertFields.notifyEveryAttempt.default(false),
  staleAfterHours: alertFields.staleAfterHours.default(null),
  verifyEveryDays: alertFields.verifyEveryDays.default(7),
  verifyWhich: alertFields.verifyWhich.default('newest'),
});
export type AlertSettings = z.infer<typeof AlertSettings>;
export const defaultAlertSettings: AlertSettings = {
  retryCount: 2,
  retryWaitMinutes: 15,
  notifyEveryAttempt: false,
  staleAfterHours: null,
  verifyEveryDays: 7,
  verifyWhich: 'newest',
};

/**
 * Where an `operator` may restore: each restore makes a new folder `<ID>-<time>` in here
 * (`vault.restoreNew`), never a path the client names. null = not set (only an admin restores).
 * Set by an admin; the Director checks it is its own real path, away from the HotBackup folder
 * and the data directories.
 */
export const RestoreSettings = z.object({
  folder: LocalPath.nullable().default(null),
});
export type RestoreSettings = z.infer<typeof RestoreSettings>;

export const defaultFolderPath = (platform: string, home: string): string =>
  platform === 'win32' ? 'C:\\HotBackup' : `${home.replace(/\/+$/, '')}/HotBackup`;

export function defaultSettings(platform: string, home: string) {
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    folder: { path: defaultFolderPath(platform, home), rotateDrives: false },
    retention: { recent: 4, archive: 2 },
    dataDirectories: [] as DataDirectory[],
    engine: { compression: 'gzip', volumeSize: GIB, settleAttempts: 5, includeUnsettled: false } as EngineSettings,
    schedule: { entries: [], suspendedUntil: null, timeZone: null, catchUpHours: 12 } as ScheduleSettings,
    email: {
      server: {
        host: '',
        port: 587,
        security: 'starttls',
        username: '',
        passwordSealed: null,
        fromName: 'HotBackup',
        fromAddress: '',
        timeoutSeconds: 20,
      } as EmailServerSettings,
      messages: [] as NotificationMessage[],
    },
    service: { host: '127.0.0.1', port: 0 },
    alerts: { ...defaultAlertSettings },
    restore: { folder: null as string | null },
    offsite: { targets: [] },
  } satisfies Settings;
}

export const Settings = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  folder: FolderSettings,
  retention: RetentionSettings,
  dataDirectories: z.array(DataDirectory),
  engine: EngineSettings,
  schedule: ScheduleSettings,
  email: EmailSettings,
  service: ServiceSettings,
  alerts: AlertSettings,
  restore: RestoreSettings,
  offsite: OffsiteSettings,
});
export type Settings = z.infer<typeof Settings>;

/**
 * What clients see: the sealed password is replaced by whether one is set, and `revision`
 * names this exact content (a save based on another revision is refused, see SettingsPatch).
 */
export const PublicSettings = Settings.extend({
  email: EmailSettings.extend({
    server: EmailServerSettings.omit({ passwordSealed: true }).extend({ passwordSet: z.boolean() }),
  }),
  offsite: PublicOffsiteSettings,
  revision: z.string(),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

/**
 * A partial update: any top-level section, replaced or merged one level deep.
 * The email password travels only as `password` (clear, write-only) and is sealed by the Director.
 */
export const SettingsPatch = z
  .object({
    folder: FolderSettings.partial(),
    retention: RetentionSettings.partial(),
    dataDirectories: z.array(DataDirectory),
    engine: EngineSettings.partial(),
    schedule: ScheduleSettings.partial(),
    email: z
      .object({
        server: EmailServerSettings.omit({ passwordSealed: true })
          .partial()
          .extend({ password: z.string().nullable().optional() }),
        messages: z.array(NotificationMessage),
      })
      .partial(),
    service: ServiceSettings.partial(),
    alerts: z.object(alertFields).partial(),
    restore: z.object({ folder: LocalPath.nullable() }).partial(),
    /** The whole list of targets; each target's secrets travel in clear, write-only (`secrets`). */
    offsite: OffsiteSettingsPatch,
    /**
     * The `revision` of the settings the edit started from (a console's form). When the
     * settings changed since, the save is refused (CONFLICT) with the difference.
     */
    baseRevision: z.string(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Turn zod issues into one line per field: `retention.recent: Recent must be at least 1`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; ');
}
