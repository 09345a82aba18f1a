import { z } from 'zod';
import { BrowseInput, BrowseListing, DownloadTicket, DownloadTicketInput } from './browse.js';
import { HistoryListing, HistoryListInput } from './history.js';
import { About } from './about.js';
import { Overview } from './overview.js';
import { NotifyPreviewInput, NotifyPreviewOutput, NotifyTestInput, NotifyTestOutput } from './notify.js';
import { ResultEnvelope, type Result } from './result.js';
import type { Identity } from './roles.js';
import { BackupRequestInput, BackupStarted, BackupStartInput, LightAnswer, LightUpdate, TaskBegun, TaskBeginInput, TaskEnded, TaskEndInput, TaskList, TaskListInput, TaskUpdate, RunCancelInput, RunCancelled } from './run.js';
import { ScheduleAddInput, ScheduleIdInput, ScheduleListInput, ScheduleResumeInput, ScheduleSuspendInput, ScheduleView } from './schedule.js';
import { FolderCheck, FolderCheckInput } from './folder-check.js';
import { DriveAdopted, DriveAdoptInput } from './drive.js';
import { RetentionPreview, RetentionPreviewInput } from './retention-preview.js';
import { PublicSettings, SettingsPatch } from './settings.js';
import { ExcludeReport } from './exclude-report.js';
import { OffsiteCheckInput, OffsiteCheckResult, OffsiteCopyInput, OffsiteCopyQueued, OffsiteKeyPair, OffsiteListing, OffsiteListInput, OffsiteManifestInput, OffsiteRestoreInput, OffsiteRestoreSummary, OffsiteStatus, OffsiteTestInput, OffsiteTestResult } from './offsite.js';
import { StatusSnapshot } from './status.js';
import { ManifestInput, ManifestListing, RestoreOverInput, RestoreOverSummary } from './restore-wizard.js';
import { BackupDetail, BackupIdInput, DeleteResult, RestoreInput, RestoreNewInput, RestoreSummary, VaultChanged, VaultListing, VaultProgress, VerifyResult } from './vault.js';

/** A request: the schema of its input and of its answer. */
export interface RequestSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}
const request = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): RequestSpec<I, O> => ({ input, output });

const Empty = z.object({}).strict().default({});

/**
 * Every request a client can make. Add a request here, and the Director will not
 * compile until a handler for it exists (see `Handlers`).
 */
export const requests = {
  'status.get': request(Empty, StatusSnapshot),
  'overview.get': request(Empty, Overview),
  'about.get': request(Empty, About),
  'settings.get': request(Empty, PublicSettings),
  'settings.update': request(SettingsPatch, PublicSettings),
  'settings.retentionPreview': request(RetentionPreviewInput, RetentionPreview),
  'settings.excludeReport': request(Empty, ExcludeReport),
  'folder.check': request(FolderCheckInput, FolderCheck),
  'drive.adopt': request(DriveAdoptInput, DriveAdopted),
  'backup.start': request(BackupStartInput, BackupStarted),
  'backup.request': request(BackupRequestInput, LightAnswer),
  'run.cancel': request(RunCancelInput, RunCancelled),
  'task.begin': request(TaskBeginInput, TaskBegun),
  'task.end': request(TaskEndInput, TaskEnded),
  'task.list': request(TaskListInput, TaskList),
  'schedule.list': request(ScheduleListInput, ScheduleView),
  'schedule.add': request(ScheduleAddInput, ScheduleView),
  'schedule.remove': request(ScheduleIdInput, ScheduleView),
  'schedule.suspend': request(ScheduleSuspendInput, ScheduleView),
  'schedule.resume': request(ScheduleResumeInput, ScheduleView),
  'notify.preview': request(NotifyPreviewInput, NotifyPreviewOutput),
  'notify.test': request(NotifyTestInput, NotifyTestOutput),
  'vault.manifest': request(ManifestInput, ManifestListing),
  'vault.restoreOver': request(RestoreOverInput, RestoreOverSummary),
  'vault.browse': request(BrowseInput, BrowseListing),
  'vault.downloadTicket': request(DownloadTicketInput, DownloadTicket),
  'vault.list': request(Empty, VaultListing),
  'vault.show': request(BackupIdInput, BackupDetail),
  'vault.verify': request(BackupIdInput, VerifyResult),
  'vault.restore': request(RestoreInput, RestoreSummary),
  'vault.restoreNew': request(RestoreNewInput, RestoreSummary),
  'vault.delete': request(BackupIdInput, DeleteResult),
  'history.list': request(HistoryListInput, HistoryListing),
  'offsite.status': request(Empty, OffsiteStatus),
  'offsite.list': request(OffsiteListInput, OffsiteListing),
  'offsite.copy': request(OffsiteCopyInput, OffsiteCopyQueued),
  'offsite.test': request(OffsiteTestInput, OffsiteTestResult),
  'offsite.restore': request(OffsiteRestoreInput, OffsiteRestoreSummary),
  'offsite.manifest': request(OffsiteManifestInput, ManifestListing),
  'offsite.keygen': request(Empty, OffsiteKeyPair),
  'offsite.check': request(OffsiteCheckInput, OffsiteCheckResult),
} as const;

/** Every event the Director pushes to connected clients. */
export const events = {
  'settings.changed': PublicSettings,
  'status.changed': StatusSnapshot,
  /** To a `backup.request` caller only: its traffic light's progress. */
  'light.update': LightUpdate,
  /** To a `task.begin` caller only: waiting for a run's snapshot point, then begun. */
  'task.update': TaskUpdate,
  'vault.changed': VaultChanged,
  'vault.progress': VaultProgress,
  /** Every offsite target's live state (copy progress, queue, last copy), on each change. */
  'offsite.changed': OffsiteStatus,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type EventName = keyof typeof events;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];
export const isRequestName = (name: unknown): name is RequestName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

/** Who is calling: lets a handler answer the caller alone and notice when it goes away. */
export interface CallContext {
  clientId: string;
  /** Who is calling and with which role (set by the connection's session; checked at dispatch). */
  readonly identity: Identity;
  /** Send an event to this caller only (e.g. a traffic light's progress). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Run `fn` when this client disconnects (task tokens expire then). */
  onDisconnect(fn: () => void): void;
}

/** The Director's side: one handler per request, checked by the compiler. */
export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<RequestOutput<K>>;
};

/** The clients' side: the Bridge every console and the CLI talk through. */
export interface Bridge {
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Result<RequestOutput<K>>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Wire messages of the WebSocket transport. */
export const ClientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int(),
  name: z.string(),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown };
/** What a client accepts from the Director (an event's name and payload are checked against `events` after). */
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: ResultEnvelope }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
