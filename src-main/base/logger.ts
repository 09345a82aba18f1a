// The one logger interface of the main side (Director, engine, hosts), and the log file writer.
//
// The writer is hand-written on purpose (issue 20): every rotating-file library weighed writes
// asynchronously (rotating-file-stream 3.2.10, pino's roll transport in a worker thread, winston's
// file transport), through libuv's thread pool. Measured with rotating-file-stream: a line is not
// in the file when write() returns, and with the four pool threads stuck in calls into a hung
// drive (which the Director outlives) it never arrives, so the lines that matter most (a stuck
// filesystem, then SIGKILL; a second signal, then exit) would be lost. appendFileSync runs on
// the main thread: a line is on disk when the call returns. Rotation (.1 newest, `keep` old
// files) is a dozen lines of renames. pino would also change the line format the README shows.

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
