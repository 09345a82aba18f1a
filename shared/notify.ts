import { z } from 'zod';
import type { NotificationMessage } from './settings.js';

/**
 * Every `{{placeholder}}` a message's subject or body may use, with what it becomes.
 * The console shows this list; saving a template with any other name is refused.
 */
export const placeholders = {
  id: 'backup ID, e.g. 26112601 (for a run that failed before its folder existed: "attempt of" and its start time)',
  result: 'Succeeded or Failed',
  trigger: 'On Demand, Scheduled, Scheduled (catch-up) or Requested',
  started: 'when the run started (local time)',
  ended: 'when the run ended (local time)',
  duration: 'how long the run took, e.g. 2 min 5 s',
  files: 'number of files backed up',
  bytes: 'bytes backed up, as a number',
  size: 'bytes backed up, readable, e.g. 1.4 GiB',
  folder: 'the backup folder (Recent/<ID> or Failed/<ID>; says so when the run failed before making one)',
  user: 'who asked for the run',
  task: 'the task it was asked for',
  error: 'why the run failed (empty on success)',
  skipped: 'what the run could not take and left out, e.g. "2 vanished, 1 unreadable (each named in HB.LOG)", or "nothing"',
  phase: 'the phase a failed run stopped in (empty on success)',
  host: 'name of the computer the Director runs on',
  consoleUrl: 'address of the web console (empty when none is served)',
  offsite: 'the offsite copies: each target\'s state, naming a target whose copy failed and why (empty when no target is set)',
} as const;
export type PlaceholderName = keyof typeof placeholders;
export const placeholderNames = Object.keys(placeholders) as PlaceholderName[];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every placeholder name used in a template, in order of first use. */
export function placeholdersIn(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1] ?? '');
  return [...seen];
}

export const isPlaceholderName = (name: string): name is PlaceholderName =>
  Object.prototype.hasOwnProperty.call(placeholders, name);

/** Placeholder names in a template that HotBackup does not know. */
export function unknownPlaceholders(template: string): string[] {
  return placeholdersIn(template).filter((n) => !isPlaceholderName(n));
}

/** Replace each `{{name}}` with its value; unknown names are left as written. */
export function fillTemplate(template: string, values: Record<PlaceholderName, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholderName(name) ? values[name] : whole));
}

const isEmail = (s: string) => z.email().safeParse(s).success;

/**
 * Problems that must stop e-mail settings from being saved, one line each with the field:
 * unknown placeholders (named), duplicate message ids, a malformed from address.
 */
export function emailSettingsProblems(email: { server: { fromAddress: string }; messages: readonly NotificationMessage[] }): string[] {
  const problems: string[] = [];
  const from = email.server.fromAddress;
  if (from !== '' && !isEmail(from)) {
    problems.push(`email.server.fromAddress: "${from}" is not an e-mail address; use the form name@example.com`);
  }
  const messages = email.messages;
  const ids = new Set<string>();
  messages.forEach((m, i) => {
    if (ids.has(m.id)) problems.push(`email.messages.${i}.id: "${m.id}" is used by two messages; give each message its own id`);
    ids.add(m.id);
    for (const field of ['subject', 'body'] as const) {
      for (const name of unknownPlaceholders(m[field])) {
        problems.push(
          `email.messages.${i}.${field}: unknown placeholder {{${name}}} in message "${m.name}"; ` +
            `use one of ${placeholderNames.map((n) => `{{${n}}}`).join(', ')}`,
        );
      }
    }
  });
  return problems;
}

const sampleKind = z.enum(['success', 'failure']);

/** Preview a saved message (`messageId`) or an unsaved draft with a sample run. */
export const NotifyPreviewInput = z
  .object({
    messageId: z.string().min(1).optional(),
    draft: z.object({ subject: z.string(), body: z.string() }).optional(),
    /** Which sample run to fill in; default: failure for failure messages, success otherwise. */
    sample: sampleKind.optional(),
  })
  .strict()
  .refine((i) => (i.messageId === undefined) !== (i.draft === undefined), {
    error: 'give either messageId or draft (not both)',
  });
export type NotifyPreviewInput = z.infer<typeof NotifyPreviewInput>;

export const NotifyPreviewOutput = z.object({
  subject: z.string(),
  body: z.string(),
  sample: sampleKind,
  /** Names in the templates HotBackup does not know (left as written); saving would refuse them. */
  unknownPlaceholders: z.array(z.string()),
});
export type NotifyPreviewOutput = z.infer<typeof NotifyPreviewOutput>;

/** Send a test e-mail with the saved server settings; `to` defaults to the from address. */
export const NotifyTestInput = z.object({ to: z.email({ error: 'to must be an e-mail address' }).optional() }).strict().default({});
export type NotifyTestInput = z.infer<typeof NotifyTestInput>;

export const NotifyTestOutput = z.object({
  to: z.string(),
  /** host:port that was used. */
  server: z.string(),
  /** The server's final answer, e.g. `250 2.0.0 Ok: queued as 4F2A`. */
  response: z.string(),
  messageId: z.string(),
});
export type NotifyTestOutput = z.infer<typeof NotifyTestOutput>;
