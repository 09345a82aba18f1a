import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FREE_SPACE_MARGIN, freeBytes } from '../../base/free-space.js';
import { formatBytes, isDiskFull, readManifestHead } from '../../engine/index.js';
import { encryptFile, encryptVolumes, hashFile, type Volume } from './age-parts.js';
import { IndexedFile } from './offsite-index.js';
import { OffsiteError } from './rclone.js';
import { encryptedRestoreScript } from './restore-script.js';

// What one copy sends, prepared before anything is sent: with recipients, the volumes as one
// age stream in parts plus MANIFEST.json, HB.LOG and PLAN encrypted and a clear RESTORE.sh;
// without, the backup's own files (HB.LOG copied first: the copy job appends to it). Kept in a
// staging folder with STAGED.json until the copy is complete, so a resumed copy sends the very
// same ciphertext (age encrypts with a new random key each time) and skips the parts already there.

export const SendFile = IndexedFile.extend({ localPath: z.string() });
export type SendFile = z.infer<typeof SendFile>;
const Staged = z.object({ format: z.literal(1), backupId: z.string(), encrypted: z.boolean(), recipients: z.array(z.string()), files: z.array(SendFile) });
const STAGED = 'STAGED.json';

/** Too little room to prepare a copy (said before anything is written). */
export class StagingSpaceError extends OffsiteError {
  override name = 'StagingSpaceError';
}

export interface StageInput {
  backupId: string;
  backupPath: string;
  stagingDir: string;
  recipients: readonly string[];
  partSize: number;
  signal?: AbortSignal;
}

async function readStaged(input: StageInput): Promise<SendFile[] | null> {
  try {
    const s = Staged.parse(JSON.parse(await readFile(join(input.stagingDir, STAGED), 'utf8')));
    const same = s.backupId === input.backupId && s.encrypted === input.recipients.length > 0 && s.recipients.join(' ') === input.recipients.join(' ');
    return same ? s.files : null;
  } catch {
    return null;
  }
}

async function volumesOf(backupPath: string): Promise<{ volumes: Volume[]; gzip: boolean }> {
  const head = await readManifestHead(join(backupPath, 'MANIFEST.json'));
  const volumes = head?.volumes;
  if (!Array.isArray(volumes) || volumes.length === 0) throw new OffsiteError(`${join(backupPath, 'MANIFEST.json')} lists no volumes: the backup cannot be copied; run Verify on it`);
  const settings = head?.settings as { compression?: string } | undefined;
  return { volumes: volumes as Volume[], gzip: settings?.compression !== 'none' };
}

/** The files to send, in order (volumes or parts first); the index is not among them (it goes last). */
export async function stageCopy(input: StageInput): Promise<SendFile[]> {
  const again = await readStaged(input);
  if (again) return again;
  try {
    return await stageAnew(input);
  } catch (err) {
    // Parts of a staging cut short are of no use, and they must not keep the backup drive full.
    await rm(input.stagingDir, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof StagingSpaceError) throw err;
    if (isDiskFull(err)) {
      throw new OffsiteError(
        `the drive holding ${input.stagingDir} became full while the copy of ${input.backupId} was prepared${input.recipients.length ? ' (encrypted with age)' : ''}: make room on it (the staging needs about the size of the backup), then copy again; the partial staging was removed`,
      );
    }
    throw err;
  }
}

/** Bytes the staging writes: the age stream of the volumes and the encrypted small files (age adds 16 bytes per 64 KiB and a header), or the copy of HB.LOG. */
async function stagingBytes(input: StageInput, volumes: readonly Volume[]): Promise<number> {
  const size = (name: string) => stat(join(input.backupPath, name)).then((s) => s.size, () => 0);
  if (input.recipients.length === 0) return size('HB.LOG');
  let clear = volumes.reduce((s, v) => s + v.size, 0);
  for (const name of ['MANIFEST.json', 'HB.LOG', 'PLAN']) clear += await size(name);
  return Math.ceil(clear * (1 + 16 / 65536)) + 4 * 64 * 1024;
}

/** Pure: why `free` bytes on the drive holding the staging are not enough, or null. */
export function stagingSpaceProblem(stagingDir: string, backupId: string, encrypted: boolean, bytes: number, free: number): string | null {
  const needed = bytes + FREE_SPACE_MARGIN;
  if (free >= needed) return null;
  return (
    `the drive holding ${stagingDir} has ${formatBytes(free)} (${free} bytes) free, but preparing the copy of ${backupId}${encrypted ? ' (encrypted with age)' : ''} needs about ` +
    `${formatBytes(needed)} (${needed} bytes): make room on that drive, then copy again; nothing was prepared or sent`
  );
}

async function stageAnew(input: StageInput): Promise<SendFile[]> {
  await rm(input.stagingDir, { recursive: true, force: true });
  await mkdir(input.stagingDir, { recursive: true, mode: 0o700 });
  const { volumes, gzip } = await volumesOf(input.backupPath);
  // Checked before anything is written: a copy that cannot be prepared fails at once, naming the drive.
  const problem = stagingSpaceProblem(input.stagingDir, input.backupId, input.recipients.length > 0, await stagingBytes(input, volumes), await freeBytes(input.stagingDir));
  if (problem) throw new StagingSpaceError(problem);
  const files: SendFile[] = [];
  const local = async (name: string, from = join(input.backupPath, name)) => ({ name, localPath: from, ...(await hashFile(from)) });
  if (input.recipients.length > 0) {
    const parts = await encryptVolumes(input.backupPath, volumes, input.recipients, input.stagingDir, input.partSize, input.signal);
    files.push(...parts);
    for (const name of ['MANIFEST.json', 'HB.LOG', 'PLAN']) {
      files.push(await encryptFile(join(input.backupPath, name), input.recipients, input.stagingDir, `${name}.age`, input.signal));
    }
    await writeFile(join(input.stagingDir, 'RESTORE.sh'), encryptedRestoreScript(input.backupId, parts.map((p) => p.name), gzip), { mode: 0o700 });
    files.push(await local('RESTORE.sh', join(input.stagingDir, 'RESTORE.sh')));
  } else {
    for (const v of volumes) {
      const f = await local(v.name);
      if (f.sha256 !== v.sha256 || f.size !== v.size) throw new OffsiteError(`volume ${v.name} of backup ${input.backupId} is damaged (its SHA-256 is not the one in MANIFEST.json): it is not sent; run Verify on the backup`);
      files.push(f);
    }
    await copyFile(join(input.backupPath, 'HB.LOG'), join(input.stagingDir, 'HB.LOG'));
    files.push(await local('MANIFEST.json'), await local('HB.LOG', join(input.stagingDir, 'HB.LOG')), await local('PLAN'));
    for (const name of ['RESTORE.sh', 'RESTORE.ps1', 'MANIFEST.sig']) files.push(await local(name).catch(() => null as never));
  }
  const kept = files.filter(Boolean);
  const staged = { format: 1 as const, backupId: input.backupId, encrypted: input.recipients.length > 0, recipients: [...input.recipients], files: kept };
  await writeFile(join(input.stagingDir, STAGED), JSON.stringify(staged) + '\n', { mode: 0o600 });
  return kept;
}
