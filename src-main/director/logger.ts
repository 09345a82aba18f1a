import { appendFileSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { logText } from '../../shared/log-text.js';
import { dirname } from 'node:path';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface FileLoggerOptions {
  file: string;
  clock?: () => Date;
  /** Rotate when the file grows past this many bytes; keeps `keep` old files (.1 newest). */
  maxBytes?: number;
  keep?: number;
  /** Also echo to stderr (headless Director in a terminal). */
  echo?: boolean;
}

/** The Director log: one line per event, rotated by size so it never fills the disk. */
export function createFileLogger(opts: FileLoggerOptions): Logger {
  const clock = opts.clock ?? (() => new Date());
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 5;
  mkdirSync(dirname(opts.file), { recursive: true });

  const rotate = () => {
    try {
      if (statSync(opts.file).size < maxBytes) return;
    } catch {
      return;
    }
    try {
      unlinkSync(`${opts.file}.${keep}`);
    } catch {
      /* not there yet */
    }
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${opts.file}.${i}`, `${opts.file}.${i + 1}`);
      } catch {
        /* not there yet */
      }
    }
    renameSync(opts.file, `${opts.file}.1`);
  };

  const write = (level: string, message: string) => {
    const line = `${clock().toISOString()} ${level} ${logText(message, '\n    ')}\n`;
    try {
      rotate();
      appendFileSync(opts.file, line);
    } catch {
      // The log must never take the Director down; stderr still has it.
    }
    if (opts.echo) process.stderr.write(line);
  };
  return {
    info: (m) => write('INFO ', m),
    warn: (m) => write('WARN ', m),
    error: (m) => write('ERROR', m),
  };
}
