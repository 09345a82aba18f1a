import { z } from 'zod';

export const statuses = ['Inactive', 'Pending', 'Saving', 'Validating', 'Cleanup', 'Complete', 'Failed'] as const;
export const Status = z.enum(statuses);
export type Status = z.infer<typeof Status>;

/** The reference's phases that have a real step behind them here, in run order. */
export const phases = [
  'Initializing',
  'Launching HotBackup Program',
  'Connecting to HotBackup Program',
  'Waiting for Exclusive Tasks to Finish',
  'Gathering File Statistics',
  'Making Backup Folder',
  'Writing Backup Script',
  'Writing Restore Script',
  'Locking Files',
  'Saving Files',
  'Streaming Files',
  'Validating Save',
  'Removing Old Backups',
  'HotBackup Succeeded',
  'HotBackup Failed',
] as const;
export const Phase = z.enum(phases);
export type Phase = z.infer<typeof Phase>;

/** Which status a phase belongs to. */
export const statusOfPhase: Record<Phase, Status> = {
  Initializing: 'Pending',
  'Launching HotBackup Program': 'Pending',
  'Connecting to HotBackup Program': 'Pending',
  'Waiting for Exclusive Tasks to Finish': 'Pending',
  'Gathering File Statistics': 'Pending',
  'Making Backup Folder': 'Pending',
  'Writing Backup Script': 'Pending',
  'Writing Restore Script': 'Pending',
  'Locking Files': 'Pending',
  'Saving Files': 'Saving',
  'Streaming Files': 'Saving',
  'Validating Save': 'Validating',
  'Removing Old Backups': 'Cleanup',
  'HotBackup Succeeded': 'Complete',
  'HotBackup Failed': 'Failed',
};

export const triggers = ['On Demand', 'Scheduled', 'Scheduled (catch-up)', 'Requested'] as const;
export const Trigger = z.enum(triggers);
export type Trigger = z.infer<typeof Trigger>;

export const Progress = z.object({
  percent: z.number().min(0).max(100),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  currentFile: z.string().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** Bytes per second over the last few seconds, in the phases that move bytes (null elsewhere or before a rate). */
  bytesPerSecond: z.number().nonnegative().nullable().optional(),
});
export type Progress = z.infer<typeof Progress>;

export const RunResult = z.enum(['Succeeded', 'Failed']);
export type RunResult = z.infer<typeof RunResult>;

export const LastRun = z.object({
  id: z.string().nullable(),
  result: RunResult,
  trigger: Trigger,
  startedAt: z.string(),
  endedAt: z.string(),
  error: z.string().nullable(),
  failedPhase: Phase.nullable(),
  files: z.number().int().nullable(),
  bytes: z.number().nullable(),
});
export type LastRun = z.infer<typeof LastRun>;

export const ActiveRun = z.object({
  id: z.string().nullable(),
  trigger: Trigger,
  user: z.string(),
  task: z.string(),
  startedAt: z.string(),
  snapshotTaken: z.boolean(),
  progress: Progress,
});
export type ActiveRun = z.infer<typeof ActiveRun>;

/** What every console, CLI and tray shows: pushed as the `status.changed` event. */
export const StatusSnapshot = z.object({
  status: Status,
  phase: Phase.nullable(),
  run: ActiveRun.nullable(),
  lastRun: LastRun.nullable(),
  warnings: z.array(z.string()),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;

export const inactiveStatus: StatusSnapshot = { status: 'Inactive', phase: null, run: null, lastRun: null, warnings: [] };
