import { logText } from '../../../shared/log-text.js';
import { fillTemplate, type PlaceholderName } from '../../../shared/notify.js';
import type { NotificationMessage } from '../../../shared/settings.js';
import type { Phase, Trigger } from '../../../shared/status.js';
import { formatBytes, formatDuration } from '../../../shared/format.js';
import type { SkipCounts } from '../../../shared/history.js';

/** How a run ended, as the run queue hands it to its listeners. */
export interface EndedRun {
  id: string | null;
  result: 'Succeeded' | 'Failed';
  trigger: Trigger;
  user: string;
  task: string;
  startedAt: string;
  endedAt: string;
  error: string | null;
  failedPhase: Phase | null;
  files: number | null;
  bytes: number | null;
  /** Recent/<ID> or Failed/<ID>; null when the run failed before its folder existed. */
  backupPath: string | null;
  /** What the walk and capture left out (null: the walk did not finish). */
  skipped?: SkipCounts | null;
  /** What the run warns about (the history could not be written, old backups not removed…): added below every message's body. */
  warnings?: readonly string[];
}

/** Pure: the run's warnings as a block under a message's body ('' when there are none). */
export function warningsBlock(warnings: readonly string[] | undefined): string {
  return warnings?.length ? `\n\nWarnings:\n${warnings.map((w) => `- ${w}`).join('\n')}` : '';
}

/** Pure: the skipped counts in words. */
export function skippedWords(s: SkipCounts | null | undefined): string {
  if (!s) return '';
  const parts = [s.vanished && `${s.vanished} vanished`, s.unreadable && `${s.unreadable} unreadable`, s.special && `${s.special} special (socket, pipe or device)`].filter(Boolean);
  return parts.length ? `${parts.join(', ')} (each named in HB.LOG)` : 'nothing';
}

/** Facts about where the Director runs, for `{{host}}` and `{{consoleUrl}}`. */
export interface RenderEnv {
  host: string;
  consoleUrl: string | null;
  /** The offsite targets' states in words, for `{{offsite}}` ('' when none is set). */
  offsite?: string;
}

/** Whether a message is sent for a run with this result. */
export function messageMatches(message: NotificationMessage, result: EndedRun['result']): boolean {
  if (!message.enabled) return false;
  return message.when === 'always' || (message.when === 'success') === (result === 'Succeeded');
}

/** `2026-11-26T09:05:00.123+01:00` → `2026-11-26 09:05:00 +01:00`; anything else unchanged. */
export function readableTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}${m[3] ? ` ${m[3] === 'Z' ? 'UTC' : m[3]}` : ''}`;
}

/** Milliseconds → `45 s`, `2 min 5 s`, `1 h 3 min`. */
export const readableDuration = (ms: number): string => (!Number.isFinite(ms) || ms < 0 ? '' : formatDuration(ms / 1000));

/** Bytes → `512 bytes`, `1.5 KB`, `1.4 GB`. */
export const readableSize = (bytes: number): string => formatBytes(bytes);

/** What every placeholder becomes for one run. */
export function placeholderValues(run: EndedRun, env: RenderEnv): Record<PlaceholderName, string> {
  return {
    // A run that failed before its folder existed has no ID: it is named by its time, never blank.
    id: run.id ?? `attempt of ${readableTime(run.startedAt)}`,
    result: run.result,
    trigger: run.trigger,
    started: readableTime(run.startedAt),
    ended: readableTime(run.endedAt),
    duration: readableDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt)),
    files: run.files === null ? '' : String(run.files),
    bytes: run.bytes === null ? '' : String(run.bytes),
    size: run.bytes === null ? '' : readableSize(run.bytes),
    folder: run.backupPath ?? '(none: the run failed before its backup folder was made)',
    user: run.user,
    task: run.task,
    error: run.error ?? '',
    skipped: skippedWords(run.skipped),
    phase: run.failedPhase ?? '',
    host: env.host,
    consoleUrl: env.consoleUrl ?? '',
    offsite: env.offsite ?? '',
  };
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

/**
 * Fill a message's subject and body; the subject is kept to one line. Values carry names from
 * disk (a file, a folder, a cause naming one): their control characters (ESC, a lone CR, NUL)
 * become visible escapes, as in the logs, so a name cannot forge lines or hide text in the mail.
 */
export function renderMessage(templates: { subject: string; body: string }, values: Record<PlaceholderName, string>): RenderedMessage {
  const safe = (lineBreak: string) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, logText(v, lineBreak)])) as Record<PlaceholderName, string>;
  return {
    subject: fillTemplate(templates.subject, safe(' ')).replace(/\s*\r?\n\s*/g, ' ').trim(),
    body: fillTemplate(templates.body, safe('\n')),
  };
}

/** Sample runs for previews: plausible values in every placeholder. */
export function sampleRun(kind: 'success' | 'failure', hotBackupFolder: string): EndedRun {
  const base = {
    id: '26112601',
    trigger: 'Scheduled' as const,
    user: 'SYSTEM',
    task: 'Nightly backup',
    startedAt: '2026-11-26T01:00:00.000+01:00',
  };
  const sep = hotBackupFolder.includes('\\') ? '\\' : '/';
  const folder = (sub: string) => `${hotBackupFolder.replace(/[\\/]+$/, '')}${sep}${sub}${sep}26112601`;
  if (kind === 'success') {
    return {
      ...base,
      result: 'Succeeded',
      endedAt: '2026-11-26T01:04:12.000+01:00',
      error: null,
      failedPhase: null,
      files: 18342,
      bytes: 4_831_838_208,
      backupPath: folder('Recent'),
      skipped: { vanished: 2, unreadable: 0, special: 0 },
    };
  }
  return {
    ...base,
    result: 'Failed',
    endedAt: '2026-11-26T01:00:41.000+01:00',
    error: 'the HotBackup folder has 1.2 GiB free, the backup needs about 4.5 GiB: free space or choose another folder',
    failedPhase: 'Gathering File Statistics',
    files: null,
    bytes: null,
    backupPath: folder('Failed'),
  };
}
