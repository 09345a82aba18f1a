import { logText } from '../../../shared/log-text.js';
import { appendOwnFile } from '../../base/no-follow.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { errnoWords } from '../errors.js';
import type { Clock } from '../../base/clock.js';

export const HB_LOG_NAME = 'HB.LOG';

/** One HB.LOG line: `time|code|detail`; line breaks in the detail are flattened so a line stays a line. */
export function formatHbLine(time: Date, code: string, detail: string): string {
  return `${formatLocalIso(time)}|${logText(code)}|${logText(detail)}\n`;
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
  /** The first write that failed: lines are never dropped silently, flush() reports it. */
  private failure: Error | null = null;

  constructor(private readonly clock: Clock) {}

  write(code: string, detail = '', time: Date = this.clock()): Promise<void> {
    const line = formatHbLine(time, code, detail);
    this.lines.push(line);
    if (!this.file) {
      this.pending.push(line);
      return this.chain;
    }
    const file = this.file;
    return this.append(file, line);
  }

  private append(file: string, text: string): Promise<void> {
    this.chain = this.chain.then(() => appendOwnFile(file, text)).catch((err: Error) => {
      // Keeps the errno (a full drive is judged by its code) and says the cause in words.
      this.failure ??= Object.assign(new Error(`Cannot write HB.LOG "${file}": ${errnoWords(err)}`), { code: (err as NodeJS.ErrnoException).code, path: file });
    });
    return this.chain;
  }

  attach(file: string): Promise<void> {
    this.file = file;
    const text = this.pending.join('');
    this.pending = [];
    return this.append(file, text);
  }

  /** Everything logged so far (also before a folder existed). */
  text(): string {
    return this.lines.join('');
  }

  /** Wait for every line to be written; rejects if any could not be. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
