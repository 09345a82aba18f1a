import { z } from 'zod';
import { localPathProblem } from './paths.js';
import { ScheduleDays, TimeOfDay } from './schedule-days.js';

// Offsite targets in settings (issue 19): where copies of backups go through rclone, encrypted
// with age when recipients are given. Credentials are stored sealed like the SMTP password.

export const OffsiteTargetId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a target ID is 1 to 64 letters, digits, "-" or "_"' });

/** An age X25519 recipient (what `age-keygen` prints as "Public key"): `age1` + 58 bech32 characters. */
export const AGE_RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;
export const AgeRecipient = z.string().superRefine((r, ctx) => {
  if (!AGE_RECIPIENT_PATTERN.test(r)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${r.length > 80 ? r.slice(0, 77) + '...' : r}" is not an age public key (age1 followed by 58 letters and digits, as age-keygen prints it): paste the public key, never the secret AGE-SECRET-KEY-1... line`,
    });
  }
});

/** `name:` (a remote in an rclone.conf) — never starting with "-" so it can never read as an rclone option. */
export const RCLONE_REMOTE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.+@ -]{0,63}:$/;

/** Why a remote spec cannot be used, or null. */
export function remoteProblem(remote: string): string | null {
  if (RCLONE_REMOTE_PATTERN.test(remote)) return null;
  if (remote.startsWith('/') || /^[A-Za-z]:[\\/]/.test(remote)) {
    const p = localPathProblem(remote);
    return p ? `"${remote}" ${p}` : null;
  }
  return `"${remote}" is neither an rclone remote name followed by ":" (such as office-nas:) nor an absolute local path (such as /mnt/nas/hotbackup): enter one of those`;
}

/** Why a folder on the remote cannot be used, or null: relative, no "..", no control characters. */
export function remotePathProblem(path: string): string | null {
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return `"${path}" holds a control character or line break: remove it`;
  if (path.split(/[\\/]/).some((s) => s === '..' || s === '.')) return `"${path}" holds a "." or ".." step: name the folder directly, such as hotbackup/office`;
  if (path.startsWith('-')) return `"${path}" starts with "-": rclone would read it as an option; start with a letter or digit`;
  return null;
}

const checked = (problem: (s: string) => string | null) =>
  z.string().superRefine((s, ctx) => {
    const p = problem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

/** An rclone option key (`host`, `user`, `access_key_id`); values hold no line break (they go into an INI file). */
const OptionKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'an rclone option name is lower-case letters, digits and "_", such as host or access_key_id' });
const OptionValue = z.string().max(4096).regex(/^[^\r\n]*$/, { error: 'an rclone option value holds no line break' });

/**
 * A remote HotBackup writes into its own rclone config (mode 0600) for this target, used when
 * no `rcloneConfig` is named: `type` is rclone's backend name (s3, sftp, webdav, smb, b2, ...).
 */
export const OffsiteBackend = z.object({
  type: z.string().regex(/^[a-z][a-z0-9]{0,31}$/, { error: 'the backend type is rclone\'s name for it, such as s3, sftp, webdav, smb or b2' }),
  options: z.record(OptionKey, OptionValue).default({}),
});
export type OffsiteBackend = z.infer<typeof OffsiteBackend>;

export const OffsiteWhen = z.discriminatedUnion('kind', [
  /** After every successful run. */
  z.object({ kind: z.literal('afterRun') }),
  /** On its own schedule: the newest successful backup not yet on the target is copied then. */
  z.object({ kind: z.literal('schedule'), days: ScheduleDays, times: z.array(TimeOfDay).min(1, { error: 'give at least one time of day' }) }),
]);
export type OffsiteWhen = z.infer<typeof OffsiteWhen>;

const targetFields = {
  id: OffsiteTargetId,
  label: z.string().min(1, { error: 'give the target a label, such as "Office NAS"' }).max(80),
  enabled: z.boolean().default(true),
  /** `name:` of a remote (in `rcloneConfig`, or written from `backend`), or an absolute local path. */
  remote: checked(remoteProblem),
  /** The folder on the remote the copies go into (`bucket/hotbackup`); '' = the remote's top. */
  path: checked(remotePathProblem).default(''),
  /** How many complete copies the target keeps; null = Recent + Archive of the local retention. */
  retention: z.number().int().min(1, { error: 'keep at least 1 copy' }).max(198, { error: 'keep at most 198 copies' }).nullable().default(null),
  when: OffsiteWhen.default({ kind: 'afterRun' }),
  /** age public keys; empty = copies go unencrypted. */
  recipients: z.array(AgeRecipient).max(20, { error: 'at most 20 recipients' }).default([]),
  /** The admin's own rclone.conf (absolute path on the Director's machine); null = HotBackup's. */
  rcloneConfig: checked((p) => (localPathProblem(p) ? `"${p}" ${localPathProblem(p)}` : null)).nullable().default(null),
  backend: OffsiteBackend.nullable().default(null),
  /** Where the remote has no hash HotBackup can compare, download and hash this percent of the parts (default all). */
  checkPercent: z.number().int().min(0).max(100, { error: 'check percent is 0 to 100' }).default(100),
};

export const OffsiteTarget = z.object({
  ...targetFields,
  /** Backend secrets (`pass`, `secret_access_key`), each sealed like the SMTP password. Never sent to clients. */
  secretsSealed: z.record(OptionKey, z.string()).default({}),
});
export type OffsiteTarget = z.infer<typeof OffsiteTarget>;

const withCrossChecks = <T extends z.ZodType<Parameters<typeof offsiteTargetsProblems>[0]>>(list: T) =>
  list.superRefine((targets, ctx) => {
    for (const p of offsiteTargetsProblems(targets)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

export const OffsiteSettings = z.object({ targets: withCrossChecks(z.array(OffsiteTarget)).default([]) });
export type OffsiteSettings = z.infer<typeof OffsiteSettings>;

/** What clients see of a target: the names of the secrets that are set, never their values. */
export const PublicOffsiteTarget = z.object({ ...targetFields, secretsSet: z.array(z.string()) });
export type PublicOffsiteTarget = z.infer<typeof PublicOffsiteTarget>;

/**
 * A target as a client saves it: secrets travel in clear, write-only (`null` or '' removes one;
 * a secret not named keeps its sealed value).
 */
export const OffsiteTargetInput = z.object({ ...targetFields, secrets: z.record(OptionKey, OptionValue.nullable()).optional() });
export type OffsiteTargetInput = z.infer<typeof OffsiteTargetInput>;
export const OffsiteSettingsPatch = z.object({ targets: withCrossChecks(z.array(OffsiteTargetInput)) }).partial();
export const PublicOffsiteSettings = z.object({ targets: z.array(PublicOffsiteTarget) });

/** Checks across targets (pure): IDs and labels unique; a `name:` remote needs a config. */
export function offsiteTargetsProblems(
  targets: readonly { id: string; label: string; remote: string; rcloneConfig: string | null; backend: OffsiteBackend | null }[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>();
  const labels = new Set<string>();
  targets.forEach((t, i) => {
    if (ids.has(t.id)) problems.push({ path: [i, 'id'], message: `"${t.id}" is used by another target: give each target its own ID` });
    if (labels.has(t.label)) problems.push({ path: [i, 'label'], message: `"${t.label}" is used by another target: give each target its own label` });
    ids.add(t.id);
    labels.add(t.label);
    if (RCLONE_REMOTE_PATTERN.test(t.remote) && !t.rcloneConfig && !t.backend) {
      problems.push({ path: [i, 'remote'], message: `"${t.remote}" names an rclone remote but no rclone.conf and no backend is given: name your rclone.conf, or set the backend (type and options)` });
    }
  });
  return problems;
}
