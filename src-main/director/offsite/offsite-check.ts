import type { OffsiteCheckedFile, OffsiteCheckResult } from '../../../shared/offsite.js';
import { HotBackupError } from '../../../shared/result.js';
import { downloadedSha256, hashVerdict, remoteFiles, type RemoteFile } from './copy-send.js';
import { listCopies } from './offsite-list.js';
import { catIndexArgs, OFFSITE_INDEX, parseOffsiteIndex, type IndexedFile } from './offsite-index.js';
import { rclone, remoteJoin, type RcloneTarget } from './rclone.js';

// `offsite.check`: a copy on a target checked again against its OFFSITE.json, without the key:
// each file's size, then its hash, by the remote's own SHA-256 or MD5 where rclone lists one,
// else downloaded and hashed. Every bad file is named with the cause and the fix. Reads only.

/** The target's newest complete copy (by its run order, then ID). */
async function newestComplete(t: RcloneTarget, signal?: AbortSignal): Promise<string> {
  const complete = (await listCopies(t, signal)).filter((c) => c.index);
  complete.sort((a, b) => (a.index!.seq ?? 0) - (b.index!.seq ?? 0) || a.backupId.localeCompare(b.backupId));
  const newest = complete.at(-1);
  if (!newest) throw new HotBackupError('NOT_FOUND', `Offsite target "${t.target.label}" (${t.root}) holds no complete copy to check: copy a backup there first ("hotbackup offsite copy --target ${t.target.id}")`);
  return newest.backupId;
}

/** Pure: one file of the index against what the target lists for it (null: its hash needs a download). */
export function checkListed(f: IndexedFile, remote: RemoteFile | undefined, where: string, fix: string): OffsiteCheckedFile | null {
  const bad = (problem: string, how: OffsiteCheckedFile['how'] = 'not checked'): OffsiteCheckedFile => ({ name: f.name, size: f.size, how, ok: false, problem: `${f.name} of ${where} ${problem}: ${fix}` });
  if (!remote) return bad('is missing on the target');
  if (remote.size !== f.size) return bad(`is ${remote.size} bytes on the target, but OFFSITE.json says ${f.size} (cut short or changed)`);
  const byHash = hashVerdict(f, remote);
  if (byHash === null) return null;
  return byHash ? { name: f.name, size: f.size, how: 'remote hash', ok: true, problem: null } : bad(`is damaged (its ${remote.hashes.sha256 ? 'SHA-256' : 'MD5'} on the target is not the one in OFFSITE.json)`, 'remote hash');
}

export async function checkCopy(t: RcloneTarget, backupId: string | undefined, signal?: AbortSignal): Promise<OffsiteCheckResult> {
  const id = backupId ?? (await newestComplete(t, signal));
  const dir = remoteJoin(t.root, id);
  const where = `the copy of ${id} on "${t.target.label}"`;
  const fix = `copy the backup again while it is still here ("hotbackup offsite copy ${id} --target ${t.target.id}"), or check the target's storage`;
  const base = { target: t.target.id, label: t.target.label, backupId: id };
  const listed = await remoteFiles(t, dir, signal);
  if (listed.size === 0) throw new HotBackupError('NOT_FOUND', `There is no copy of ${id} on offsite target "${t.target.label}" (${t.root}): "hotbackup offsite list --target ${t.target.id}" lists its copies`);
  if (!listed.has(OFFSITE_INDEX)) {
    const problem = `${where} has no ${OFFSITE_INDEX}: it is incomplete (a copy cut short, or one being made or removed) and is never restored from; ${fix}`;
    return { ...base, ok: false, complete: false, encrypted: null, files: [], problems: [problem] };
  }
  let index;
  try {
    index = parseOffsiteIndex(await rclone(t, catIndexArgs(remoteJoin(dir, OFFSITE_INDEX)), { signal }), dir);
  } catch (err) {
    return { ...base, ok: false, complete: false, encrypted: null, files: [], problems: [`${(err as Error).message}`] };
  }
  const files: OffsiteCheckedFile[] = [];
  for (const f of index.files) {
    const byList = checkListed(f, listed.get(f.name), where, fix);
    if (byList) {
      files.push(byList);
      continue;
    }
    const got = await downloadedSha256(t, remoteJoin(dir, f.name), signal).catch((err: unknown) => {
      if (signal?.aborted) throw err;
      return (err as Error).message;
    });
    const ok = typeof got !== 'string' && got.size === f.size && got.sha256 === f.sha256;
    const why = typeof got === 'string' ? `could not be read back (${got})` : 'is damaged (downloaded, its SHA-256 is not the one in OFFSITE.json)';
    files.push({ name: f.name, size: f.size, how: 'downloaded', ok, problem: ok ? null : `${f.name} of ${where} ${why}: ${fix}` });
  }
  const problems = files.filter((f) => !f.ok).map((f) => f.problem!);
  return { ...base, ok: problems.length === 0, complete: true, encrypted: index.encrypted, files, problems };
}
