import { isNoBackupAlert } from '../../../shared/alerts.js';
import type { LastRun, Status, StatusSnapshot } from '../../../shared/status.js';

/** Which tray image to show; one PNG per name under dist/icons/ (from assets/tray-*.svg). */
/** running-0..3: a quarter more of the ring per 25 % done. */
export const trayIcons = ['idle', 'running-0', 'running-1', 'running-2', 'running-3', 'succeeded', 'failed'] as const;
export type TrayIcon = (typeof trayIcons)[number];

/** `connect` / `disconnect`: switch between the office server and this computer's Director (the console restarts). */
export type TrayAction = 'backup' | 'cancel' | 'open' | 'suspend' | 'connect' | 'disconnect' | 'quit';

export type TrayMenuItem =
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean; checked?: boolean }
  | { kind: 'info'; label: string }
  | { kind: 'separator' };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  items: TrayMenuItem[];
}

export interface TrayInput {
  status: StatusSnapshot;
  /** settings.schedule.suspendedUntil is set. */
  schedulesSuspended: boolean;
  /**
   * 'remote': the console joined a headless Director, which keeps running after Quit;
   * 'server': it is signed in to the office server's Director (its schedules are the server's).
   */
  mode: 'embedded' | 'remote' | 'server';
}

export const CONNECT_LABELS = {
  connect: 'Connect to a HotBackup Server…',
  disconnect: "Disconnect (Use This Computer's Director)…",
} as const;

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;
/** Warnings in the menu: the first few, each cut to a readable length (the console shows them whole). */
const WARNINGS_SHOWN = 3;
const WARNING_MAX = 100;
const running: ReadonlySet<Status> = new Set<Status>(['Pending', 'Saving', 'Validating', 'Cleanup']);

export const isRunning = (status: Status): boolean => running.has(status);

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Whole percent, never 100 before the run is done. */
export function percentOf(snapshot: StatusSnapshot): number {
  if (snapshot.status === 'Complete') return 100;
  const p = snapshot.run?.progress.percent ?? 0;
  return Math.max(0, Math.min(99, Math.floor(p)));
}

/** `2026-11-26 10:02` from an ISO-8601 local time with offset (shown as the Director wrote it). */
export function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function lastResultLabel(last: LastRun | null): string {
  if (!last) return 'Last backup: none yet';
  const id = last.id ? ` (${last.id})` : '';
  if (last.result === 'Succeeded') return `Last backup: succeeded ${shortTime(last.endedAt)}${id}`;
  const why = last.error ? ` — ${clip(last.error, 60)}` : '';
  return `Last backup: FAILED ${shortTime(last.endedAt)}${id}${why}`;
}

function iconFor(s: StatusSnapshot): TrayIcon {
  if (isRunning(s.status)) return `running-${Math.floor(percentOf(s) / 25)}` as TrayIcon;
  if (s.status === 'Complete') return 'succeeded';
  if (s.status === 'Failed') return 'failed';
  // Idle: "no successful backup for N hours" is red even when the last run did not fail (nothing ran).
  if (s.warnings.some(isNoBackupAlert)) return 'failed';
  // Idle: a failed last backup stays visible until a backup succeeds.
  return s.lastRun?.result === 'Failed' ? 'failed' : 'idle';
}

function tooltipFor(s: StatusSnapshot): string {
  if (isRunning(s.status)) return `HotBackup — ${s.status}: ${s.phase ?? 'Initializing'}, ${percentOf(s)}% overall`;
  if (s.status === 'Complete') return `HotBackup — Complete: ${s.phase ?? 'HotBackup Succeeded'} 100%`;
  if (s.status === 'Failed') {
    const where = s.lastRun?.failedPhase ? ` in ${s.lastRun.failedPhase}` : '';
    return `HotBackup — Failed: ${s.phase ?? 'HotBackup Failed'}${where}`;
  }
  const alert = s.warnings.find(isNoBackupAlert);
  if (alert) return `HotBackup — ${alert}`;
  if (s.lastRun?.result === 'Failed') return `HotBackup — Inactive: the last backup failed (${shortTime(s.lastRun.endedAt)})`;
  return 'HotBackup — Inactive';
}

/** What the tray shows for a status: image, tooltip and menu. Rebuilt on every status change. */
export function trayModel(input: TrayInput): TrayModel {
  const s = input.status;
  const busy = isRunning(s.status);
  return {
    icon: iconFor(s),
    tooltip: clip(tooltipFor(s), TOOLTIP_MAX),
    items: [
      {
        kind: 'action',
        action: 'backup',
        label: busy ? `Backing Up… ${percentOf(s)}%` : 'Back Up Data Files',
        enabled: !busy,
      },
      // Only while a run is in progress; it asks for confirmation first.
      ...(busy ? [{ kind: 'action', action: 'cancel', label: 'Cancel HotBackup…', enabled: true } as TrayMenuItem] : []),
      { kind: 'action', action: 'open', label: 'Open Console', enabled: true },
      { kind: 'separator' },
      { kind: 'info', label: lastResultLabel(s.lastRun) },
      // The status warnings (no-backup alert, e-mail not sent, retry coming), as the console shows them.
      ...s.warnings.slice(0, WARNINGS_SHOWN).map((w): TrayMenuItem => ({ kind: 'info', label: `Warning: ${clip(w, WARNING_MAX)}` })),
      ...(input.mode === 'server' ? [] : [{ kind: 'action', action: 'suspend', label: 'Suspend Schedules', enabled: true, checked: input.schedulesSuspended } as const]),
      { kind: 'separator' },
      input.mode === 'server'
        ? { kind: 'action', action: 'disconnect', label: CONNECT_LABELS.disconnect, enabled: true }
        : { kind: 'action', action: 'connect', label: CONNECT_LABELS.connect, enabled: true },
      {
        kind: 'action',
        action: 'quit',
        label: input.mode === 'remote' ? 'Quit Console (the Director keeps running)' : input.mode === 'server' ? 'Quit Console (the server keeps backing up)' : 'Quit HotBackup',
        enabled: true,
      },
    ],
  };
}
