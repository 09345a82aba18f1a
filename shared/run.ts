import { z } from 'zod';
import { DataDirectory, EngineSettings, FolderSettings } from './settings.js';
import { Phase, RunResult, Status, Trigger } from './status.js';

const Label = z.string().max(200).default('');
/** Who asks for a run (`backup.start`, `backup.request`): user, task and system, up to 200 characters each. */
const Requester = { user: Label, task: Label, system: Label };

/**
 * One run with other data directories, HotBackup folder or engine settings than the saved
 * ones (`hotbackup backup --data DIR --folder DIR ...`); nothing is saved.
 */
export const RunOverrides = z
  .object({
    folder: FolderSettings.shape.path.optional(),
    dataDirectories: z.array(DataDirectory).min(1, { error: 'give at least one data directory' }).optional(),
    engine: EngineSettings.partial().optional(),
  })
  .strict();
export type RunOverrides = z.infer<typeof RunOverrides>;

/** `backup.start`: start an On Demand run, or join the one in progress. */
export const BackupStartInput = z
  .object({
    ...Requester,
    /** Answer only when the run has ended (the CLI's `hotbackup backup`). */
    wait: z.boolean().default(false),
    overrides: RunOverrides.optional(),
  })
  .strict()
  .default({ user: '', task: '', system: '', wait: false });
export type BackupStartInput = z.infer<typeof BackupStartInput>;

/** How a run ended, as the Director saw it. */
export const RunOutcome = z.object({
  id: z.string().nullable(),
  result: RunResult,
  error: z.string().nullable(),
  failedPhase: Phase.nullable(),
  files: z.number().int().nullable(),
  bytes: z.number().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  backupPath: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type RunOutcome = z.infer<typeof RunOutcome>;

export const BackupStarted = z.object({
  /** The Director's name for this run (the backup ID is known only once its folder exists). */
  runKey: z.string(),
  /** True when a run was already in progress and this call joined it. */
  joined: z.boolean(),
  trigger: Trigger,
  startedAt: z.string(),
  /** Set when `wait` was asked for. */
  outcome: RunOutcome.nullable(),
});
export type BackupStarted = z.infer<typeof BackupStarted>;

export const LightLevel = z.enum(['recommended', 'suggested']);
export type LightLevel = z.infer<typeof LightLevel>;
/** `completed` = red (wait for the whole backup); `started` = yellow (wait for the snapshot point). */
export const LightWait = z.enum(['completed', 'started']);
export type LightWait = z.infer<typeof LightWait>;

/** `backup.request`: a traffic-light request before a risky task. */
export const BackupRequestInput = z
  .object({
    level: LightLevel,
    wait: LightWait,
    ...Requester,
  })
  .strict();
export type BackupRequestInput = z.infer<typeof BackupRequestInput>;

export const LightState = z.enum(['waiting', 'go', 'failed']);
export type LightState = z.infer<typeof LightState>;

/** Streamed to the requester only, as the `light.update` event. */
export const LightUpdate = z.object({
  state: LightState,
  status: Status,
  phase: Phase.nullable(),
  reason: z.string().nullable(),
  runKey: z.string(),
});
export type LightUpdate = z.infer<typeof LightUpdate>;

export const LightAnswer = z.object({
  state: z.enum(['go', 'failed']),
  reason: z.string().nullable(),
  runKey: z.string(),
  /** The backup ID, when the run has one by the time the light answers. */
  runId: z.string().nullable(),
});
export type LightAnswer = z.infer<typeof LightAnswer>;

/** `task.begin`: work another program registers with the Director. */
export const TaskBeginInput = z
  .object({
    system: Label,
    user: Label,
    task: z.string().min(1, { error: 'name the task (e.g. "Reindex")' }).max(200),
    exclusive: z.boolean().default(false),
  })
  .strict();
export type TaskBeginInput = z.infer<typeof TaskBeginInput>;

export const TaskBegun = z.object({ token: z.string(), waitedMs: z.number().nonnegative() });
export type TaskBegun = z.infer<typeof TaskBegun>;

export const TaskEndInput = z.object({ token: z.string().min(1) }).strict();
export const TaskEnded = z.object({ ended: z.boolean() });

export const TaskInfo = z.object({
  /** What `task.end` takes: `task.list` is for operators, who may end any account's task. */
  token: z.string(),
  system: z.string(),
  user: z.string(),
  task: z.string(),
  exclusive: z.boolean(),
  begunAt: z.string(),
});
export type TaskInfo = z.infer<typeof TaskInfo>;
export const TaskList = z.object({ tasks: z.array(TaskInfo) });
export const TaskListInput = z.object({}).strict().default({});

/** Streamed to a `task.begin` caller whose exclusive task must wait for a run's snapshot point. */
export const TaskUpdate = z.object({
  state: z.enum(['waiting', 'begun']),
  reason: z.string().nullable(),
});
export type TaskUpdate = z.infer<typeof TaskUpdate>;

/** `run.cancel`: stop the run in progress; it is recorded Failed "cancelled by <user>". */
export const RunCancelInput = z
  .object({
    /** Who cancels (default: the caller's signed-in name). */
    user: z.string().default(''),
  })
  .strict()
  .default({ user: '' });
export type RunCancelInput = z.infer<typeof RunCancelInput>;

export const RunCancelled = z.object({
  /** False when no run was in progress. */
  cancelled: z.boolean(),
  runKey: z.string().nullable(),
  /** Who the run is recorded as cancelled by. */
  by: z.string(),
});
export type RunCancelled = z.infer<typeof RunCancelled>;
