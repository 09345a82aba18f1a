import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A restore into a folder leaves a note there while it writes, removed once every selected entry
// was written or listed as damaged. A restore ended on the way (killed, a power cut, a full drive)
// keeps it: a partial folder is never taken for a complete restore, and the next restore into it
// says why it is not empty. Entries always lie under their top folder, so the name never clashes.

export const UNFINISHED_NAME = 'HOTBACKUP-RESTORE-UNFINISHED.txt';

export async function markUnfinished(to: string, id: string, now: Date): Promise<void> {
  const text =
    `HotBackup started restoring backup ${id} into this folder at ${now.toISOString()}.\n` +
    'While this file is here, the restore has not finished (it is still running, or it was ended on the way):\n' +
    'what is in this folder may be incomplete. Delete the folder and restore again.\n';
  await writeFile(join(to, UNFINISHED_NAME), text, { flag: 'wx' });
}

export async function clearUnfinished(to: string): Promise<void> {
  await rm(join(to, UNFINISHED_NAME), { force: true });
}
