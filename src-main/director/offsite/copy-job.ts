import { rm } from 'node:fs/promises';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { stageCopy, type SendFile } from './copy-staging.js';
import { hashVerdict, matchesOnTarget, remoteFiles, sampled, sendFile } from './copy-send.js';
import { copyView, listCopies } from './offsite-list.js';
import { formatOffsiteIndex, OFFSITE_INDEX, OFFSITE_INDEX_FORMAT } from './offsite-index.js';
import { copiesToRemove } from './offsite-retention.js';
import { OffsiteError, openTarget, rclone, rcloneRaw, remoteJoin, type RcloneTarget } from './rclone.js';

// One copy of one backup to one target: stage (encrypt), send what is not there yet, check it on
// the target, write the index last, apply the target's retention. Its own job after the run:
// it never touches the run queue, the local backup or its result (it only appends to HB.LOG).

export interface CopyJobInput {
  target: OffsiteTarget;
  backupId: string;
  backupPath: string;
  seq: number | null;
  /** Complete copies the target keeps. */
  keep: number;
  stagingDir: string;
  workDir: string;
  partSize: number;
  openSecret: (sealed: string) => string;
  clock: () => Date;
  signal?: AbortSignal;
  /** A line for the backup's HB.LOG. */
  log: (code: string, detail: string) => Promise<void>;
  progress: (p: { step: string; bytesDone: number; bytesTotal: number }) => void;
  /** Told each upload's rclone process ID and file (tests stop one midway). */
  onUpload?: (pid: number, file: string) => void;
}

export interface CopyJobResult {
  bytesSent: number;
  encrypted: boolean;
  /** Complete copies on the target afterwards. */
  onTarget: string[];
  removed: string[];
}

export async function runCopyJob(input: CopyJobInput): Promise<CopyJobResult> {
  const { target, backupId } = input;
  const encrypted = target.recipients.length > 0;
  input.progress({ step: encrypted ? 'encrypting the backup with age' : 'preparing the copy', bytesDone: 0, bytesTotal: 0 });
  const files = await stageCopy({ backupId, backupPath: input.backupPath, stagingDir: input.stagingDir, recipients: target.recipients, partSize: input.partSize, signal: input.signal });
  const t = await openTarget(target, input.workDir, input.openSecret);
  try {
    await input.log('HB_OFFSITE_BEGIN', `"${target.label}" ${t.root}: ${files.length} files, ${sum(files)} bytes${encrypted ? `, encrypted with age to ${target.recipients.length} recipient(s)` : ', not encrypted'}`);
    const bytesSent = await sendAll(t, input, files);
    await rclone(t, ['rcat', remoteJoin(t.root, backupId, OFFSITE_INDEX)], {
      stdin: formatOffsiteIndex({ format: OFFSITE_INDEX_FORMAT, backupId, seq: input.seq, encrypted, copied: input.clock().toISOString(), files: files.map(({ localPath: _, ...f }) => f) }),
      signal: input.signal,
    });
    await input.log('HB_OFFSITE_COMPLETE', `"${target.label}": copy complete and checked (${bytesSent} bytes sent)`);
    input.progress({ step: 'applying the target\'s retention', bytesDone: sum(files), bytesTotal: sum(files) });
    const copies = await listCopies(t, input.signal);
    const removed = copiesToRemove(copies.map((c) => ({ backupId: c.backupId, seq: c.index?.seq ?? null, complete: c.index !== null })), input.keep, backupId);
    for (const id of removed) {
      // The index goes first: a removal cut short (power cut) leaves an incomplete copy, never one that looks complete.
      await rcloneRaw(t, ['deletefile', remoteJoin(t.root, id, OFFSITE_INDEX)], { signal: input.signal });
      await rclone(t, ['purge', remoteJoin(t.root, id)], { signal: input.signal });
      await input.log('HB_OFFSITE_REMOVED', `"${target.label}": older copy ${id} removed (the target keeps ${input.keep})`);
    }
    await rm(input.stagingDir, { recursive: true, force: true });
    const onTarget = copies.filter((c) => c.index && !removed.includes(c.backupId)).map((c) => copyView(c).backupId);
    return { bytesSent, encrypted, onTarget, removed };
  } finally {
    await t.close();
  }
}

const sum = (files: readonly SendFile[]) => files.reduce((s, f) => s + f.size, 0);

/** Send every file not already there with the right hash; then check each one sent. Returns bytes sent. */
async function sendAll(t: RcloneTarget, input: CopyJobInput, files: readonly SendFile[]): Promise<number> {
  const dir = remoteJoin(t.root, input.backupId);
  const total = sum(files);
  let done = 0;
  let sent = 0;
  const before = await remoteFiles(t, dir, input.signal);
  // A copy of this backup already there (complete or not) is made incomplete first, and what this copy
  // does not hold is removed: a copy made again (now encrypted) never looks complete while it changes,
  // and never leaves the clear volumes, MANIFEST.json or PLAN of an earlier copy beside the new parts.
  const keepNames = new Set(files.map((f) => f.name));
  for (const name of [OFFSITE_INDEX, ...[...before.keys()].filter((n) => n !== OFFSITE_INDEX && !keepNames.has(n))]) {
    if (!before.has(name)) continue;
    await rclone(t, ['deletefile', remoteJoin(dir, name)], { signal: input.signal });
    before.delete(name);
  }
  const fresh: SendFile[] = [];
  for (const f of files) {
    input.progress({ step: `checking ${f.name} on the target`, bytesDone: done, bytesTotal: total });
    if (await matchesOnTarget(t, dir, f, before.get(f.name), true, input.signal)) {
      await input.log('HB_OFFSITE_ALREADY', `"${input.target.label}": ${f.name} is already there with the right hash (not sent again)`);
    } else {
      await sendFile(t, dir, f, { signal: input.signal, onSpawn: input.onUpload, onBytes: (b) => input.progress({ step: `sending ${f.name}`, bytesDone: done + Math.min(b, f.size), bytesTotal: total }) });
      await input.log('HB_OFFSITE_SENT', `"${input.target.label}": ${f.name} ${f.size} bytes`);
      sent += f.size;
      fresh.push(f);
    }
    done += f.size;
  }
  input.progress({ step: 'checking the copy on the target', bytesDone: total, bytesTotal: total });
  const after = await remoteFiles(t, dir, input.signal);
  for (const [i, f] of fresh.entries()) {
    const byHash = after.get(f.name) ? hashVerdict(f, after.get(f.name)!) : false;
    const ok = byHash ?? (await matchesOnTarget(t, dir, f, after.get(f.name), sampled(i, input.target.checkPercent), input.signal));
    if (ok) continue;
    // Sent once more; a second mismatch fails the copy naming the file.
    await sendFile(t, dir, f, { signal: input.signal });
    sent += f.size;
    if (!(await matchesOnTarget(t, dir, f, (await remoteFiles(t, dir, input.signal)).get(f.name), true, input.signal))) {
      throw new OffsiteError(`${f.name} on offsite target "${input.target.label}" does not match what was sent (size or SHA-256 differs) even after sending it again: the target changes or damages files; check its storage`);
    }
  }
  await input.log('HB_OFFSITE_CHECKED', `"${input.target.label}": ${files.length} files checked against their hashes`);
  return sent;
}
