import { z } from 'zod';
import { OffsiteTargetId, OffsiteTargetInput } from './offsite-settings.js';
import { localPathProblem } from './paths.js';
import { BackupId } from './vault.js';

// The offsite requests and event (issue 19): copies of backups on targets through rclone and age.

/** What a target's copy job does now. */
export const OffsiteState = z.enum(['idle', 'queued', 'copying', 'checking', 'retention', 'waiting to retry', 'failed']);
export type OffsiteState = z.infer<typeof OffsiteState>;

/** One finished copy attempt (the offsite history, kept in the config directory). */
export const OffsiteCopyRecord = z.object({
  target: OffsiteTargetId,
  label: z.string(),
  backupId: BackupId,
  started: z.string(),
  ended: z.string(),
  ok: z.boolean(),
  /** The attempt's number for this backup on this target: 1, then each retry. */
  attempt: z.number().int().positive(),
  /** Bytes sent this time (parts already on the target with the right hash are not sent again). */
  bytesSent: z.number().nonnegative(),
  /** The error in words ('' when ok). */
  error: z.string(),
  encrypted: z.boolean(),
});
export type OffsiteCopyRecord = z.infer<typeof OffsiteCopyRecord>;

export const OffsiteTargetStatus = z.object({
  target: OffsiteTargetId,
  label: z.string(),
  state: OffsiteState,
  /** The backup being copied (or waited on to retry), else null. */
  backupId: BackupId.nullable(),
  /** Backups waiting to be copied to this target next, oldest first. */
  queued: z.array(BackupId),
  /** What the copy does now in words ("sending BACKUP.age.002", "checking parts"), else null. */
  step: z.string().nullable(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  /** ISO time of the next retry of a failed copy, else null. */
  nextRetry: z.string().nullable(),
  lastCopy: OffsiteCopyRecord.nullable(),
  /** Complete copies on the target as last seen (after a copy or a list); null = not looked yet. */
  onTarget: z.array(BackupId).nullable(),
});
export type OffsiteTargetStatus = z.infer<typeof OffsiteTargetStatus>;

/** `offsite.status` and the `offsite.changed` event: every target's live state and the recent history. */
export const OffsiteStatus = z.object({
  targets: z.array(OffsiteTargetStatus),
  /** The last copy attempts, newest first (at most 50). */
  recent: z.array(OffsiteCopyRecord),
});
export type OffsiteStatus = z.infer<typeof OffsiteStatus>;

export const OffsiteListInput = z.object({ target: OffsiteTargetId }).strict();
export const OffsiteCopyOnTarget = z.object({
  backupId: BackupId,
  /** Its index (written last) is there: every part was sent and checked. */
  complete: z.boolean(),
  encrypted: z.boolean(),
  parts: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** When the copy was completed (from its index), else null. */
  copied: z.string().nullable(),
});
export type OffsiteCopyOnTarget = z.infer<typeof OffsiteCopyOnTarget>;
export const OffsiteListing = z.object({ target: OffsiteTargetId, copies: z.array(OffsiteCopyOnTarget) });
export type OffsiteListing = z.infer<typeof OffsiteListing>;

/** Copy a backup (default: the newest successful one) to a target (default: every enabled target). */
export const OffsiteCopyInput = z.object({ target: OffsiteTargetId.optional(), backupId: BackupId.optional() }).strict();
export const OffsiteCopyQueued = z.object({ queued: z.array(z.object({ target: OffsiteTargetId, backupId: BackupId })) });
export type OffsiteCopyQueued = z.infer<typeof OffsiteCopyQueued>;

/** Test a saved target (`target`) or one being set up in the console (`candidate`, secrets in clear). */
export const OffsiteTestInput = z
  .object({ target: OffsiteTargetId.optional(), candidate: OffsiteTargetInput.optional() })
  .strict()
  .refine((i) => (i.target === undefined) !== (i.candidate === undefined), { error: 'give either target (a saved target\'s ID) or candidate (a target to try)' });
export const OffsiteTestResult = z.object({
  ok: z.boolean(),
  /** What was tried and what came of it, in words (the cause and the fix when it failed). */
  message: z.string(),
  /** Hashes the remote offers (rclone's names: md5, sha1, sha256, ...); none = parts are checked by downloading. */
  hashes: z.array(z.string()),
});
export type OffsiteTestResult = z.infer<typeof OffsiteTestResult>;

const AbsolutePath = z.string().superRefine((p, ctx) => {
  const problem = localPathProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${p}" ${problem}` });
});

/**
 * Restore a copy from a target into a new folder on the Director's machine. An encrypted copy
 * needs the age identity: its text (`identity`, never stored) or a key file on that machine.
 */
export const OffsiteRestoreInput = z
  .object({
    target: OffsiteTargetId,
    backupId: BackupId,
    to: AbsolutePath,
    identity: z.string().max(100_000).optional(),
    identityFile: AbsolutePath.optional(),
    /** Archive paths (files or folders) to restore; absent = everything. */
    paths: z.array(z.string().min(1)).max(10_000).optional(),
  })
  .strict();
/** What one copy holds (its MANIFEST.json; an encrypted copy's decrypted with the pasted key, never stored). */
export const OffsiteManifestInput = z
  .object({
    target: OffsiteTargetId,
    backupId: BackupId,
    identity: z.string().max(100_000).optional(),
  })
  .strict();
export const OffsiteRestoreSummary = z.object({
  backupId: BackupId,
  to: z.string(),
  files: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** Parts fetched and checked against the copy's index. */
  parts: z.number().int().nonnegative(),
  /** Every restored file's SHA-256 matched MANIFEST.json. */
  checked: z.boolean(),
});
export type OffsiteRestoreSummary = z.infer<typeof OffsiteRestoreSummary>;

/** Check a copy on a target against its OFFSITE.json (default: the target's newest complete copy); needs no key. */
export const OffsiteCheckInput = z.object({ target: OffsiteTargetId, backupId: BackupId.optional() }).strict();
export const OffsiteCheckedFile = z.object({
  name: z.string(),
  /** Its size in OFFSITE.json. */
  size: z.number().nonnegative(),
  /** How it was checked: the remote's own SHA-256 or MD5, downloaded and hashed, or not at all (missing or the wrong size). */
  how: z.enum(['remote hash', 'downloaded', 'not checked']),
  ok: z.boolean(),
  /** What is wrong with it, in words (null when ok). */
  problem: z.string().nullable(),
});
export type OffsiteCheckedFile = z.infer<typeof OffsiteCheckedFile>;
export const OffsiteCheckResult = z.object({
  target: OffsiteTargetId,
  label: z.string(),
  backupId: BackupId,
  /** Every file of the index is on the target with its size and hash (and the index is there). */
  ok: z.boolean(),
  /** OFFSITE.json is there and readable (a copy without it is incomplete). */
  complete: z.boolean(),
  encrypted: z.boolean().nullable(),
  files: z.array(OffsiteCheckedFile),
  /** Each problem in words (a bad part named, the cause and the fix); empty when ok. */
  problems: z.array(z.string()),
});
export type OffsiteCheckResult = z.infer<typeof OffsiteCheckResult>;

/** A new age key pair, shown once: the Director never stores the secret key. */
export const OffsiteKeyPair = z.object({ publicKey: z.string(), secretKey: z.string(), created: z.string() });
export type OffsiteKeyPair = z.infer<typeof OffsiteKeyPair>;
