import { appendFile } from 'node:fs/promises';
import { formatLocalIso } from '../time/local-iso.js';
import type { Clock } from '../run/run-types.js';

export const HB_LOG_NAME = 'HB.LOG';

/** One HB.LOG line: `time|code|detail`; line breaks in the detail are flattened so a line stays a line. */
export function formatHbLine(time: Date, code: string, detail: string): string {
  return `${formatLocalIso(time)}|${code}|${detail.replace(/\r?\n/g, ' ')}\n`;
}

/**
 * The per-backup step log. Lines written before the backup folder exists are kept and
 * flushed when `attach` names the file, so HB.LOG tells the whole run.
 */
export class HbLog {
  private file: string | null = null;
  private pending: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(private readonly clock: Clock) {}

  write(code: string, detail = '', time: Date = this.clock()): Promise<void> {
    const line = formatHbLine(time, code, detail);
    this.lines.push(line);
    if (!this.file) {
      this.pending.push(line);
      return this.chain;
    }
    const file = this.file;
    this.chain = this.chain.then(() => appendFile(file, line, 'utf8'));
    return this.chain;
  }

  attach(file: string): Promise<void> {
    this.file = file;
    const text = this.pending.join('');
    this.pending = [];
    this.chain = this.chain.then(() => appendFile(file, text, 'utf8'));
    return this.chain;
  }

  /** Everything logged so far (also before a folder existed). */
  text(): string {
    return this.lines.join('');
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
