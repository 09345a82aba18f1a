import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OffsiteCopyRecord } from '../../../shared/offsite.js';

// offsite-history.jsonl in the config directory: one line per finished copy attempt, kept after
// the copies themselves are gone. Format 1: `{"v":1, ...OffsiteCopyRecord}`. Lines that do not
// read (a line cut by a crash) are skipped; the history is a record, never a reason to stop.

export const OFFSITE_HISTORY = 'offsite-history.jsonl';

export async function appendOffsiteHistory(configDir: string, r: OffsiteCopyRecord): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await appendFile(join(configDir, OFFSITE_HISTORY), JSON.stringify({ v: 1, ...r }) + '\n', { mode: 0o600 });
}

/** The last `max` records, oldest first. */
export async function readOffsiteHistory(configDir: string, max = 50): Promise<OffsiteCopyRecord[]> {
  let text: string;
  try {
    text = await readFile(join(configDir, OFFSITE_HISTORY), 'utf8');
  } catch {
    return [];
  }
  const out: OffsiteCopyRecord[] = [];
  for (const line of text.split('\n').slice(-max - 1)) {
    try {
      const parsed = OffsiteCopyRecord.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // not a whole line
    }
  }
  return out.slice(-max);
}
