import { appendOwnFile, readOwnFile } from '../../base/no-follow.js';
import { join } from 'node:path';
import { formatHbLine, HB_LOG_NAME } from './hb-log-writer.js';

// A stored backup's detail log (`time|code|detail` lines): read it, and append lines after its run
// ended (offsite copies, checks). The run itself writes it through hb-log-writer.ts.
export { HB_LOG_NAME };

export interface HbLogEntry {
  time: string;
  code: string;
  detail: string;
}

/** Parse HB.LOG text. A line that does not split into time|code is kept whole as the detail. */
export function parseHbLog(text: string): HbLogEntry[] {
  const out: HbLogEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const first = line.indexOf('|');
    const second = first < 0 ? -1 : line.indexOf('|', first + 1);
    if (first < 0 || second < 0) {
      out.push({ time: '', code: '', detail: line });
      continue;
    }
    out.push({ time: line.slice(0, first), code: line.slice(first + 1, second), detail: line.slice(second + 1).replace(/\|$/, '') });
  }
  return out;
}

export const formatHbLogLine = formatHbLine;

export async function readHbLog(backupPath: string): Promise<HbLogEntry[] | null> {
  try {
    return parseHbLog(await readOwnFile(join(backupPath, HB_LOG_NAME)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export type HbLogAppender = (code: string, detail: string) => Promise<void>;

/** An appender for one backup's HB.LOG (verify, crash recovery, retention of the run). */
export function hbLogAppender(backupPath: string, clock: () => Date = () => new Date()): HbLogAppender {
  return (code, detail) => appendOwnFile(join(backupPath, HB_LOG_NAME), formatHbLogLine(clock(), code, detail));
}

/** The plan's total bytes as the run logged them (`HB_END_FILE_STATS|… bytes=N …`), or null. */
export function plannedBytes(entries: readonly HbLogEntry[]): number | null {
  const stats = entries.filter((e) => e.code === 'HB_END_FILE_STATS').at(-1);
  const m = stats?.detail.match(/\bbytes=(\d+)/);
  return m ? Number(m[1]) : null;
}
