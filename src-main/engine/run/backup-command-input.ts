import { resolve } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { describeIssues, EngineSettings, GIB, MIB } from '../../../shared/settings.js';
import type { DataDirectory } from '../../../shared/settings.js';
import type { ProgressEvent, RunBackupResult } from './run-types.js';

/** Defaults of a run started without a Director (DESIGN §5: gzip on, 1 GiB volumes). */
export const defaultEngineSettings: EngineSettings = { compression: 'gzip', volumeSize: GIB, settleAttempts: 5, includeUnsettled: false };

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MIB, mb: MIB, mib: MIB, g: GIB, gb: GIB, gib: GIB };

/** `--volume-size`: bytes, or with a binary unit: 1048576, 1MiB, 512m, 2G. */
export function parseVolumeSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) {
    throw new HotBackupError('BAD_INPUT', `--volume-size "${text}" is not a size: give bytes (1048576) or a size such as 1MiB, 512MiB, 1GiB.`);
  }
  return Math.round(Number(m[1]) * unit);
}

export interface BackupCommandInput {
  /** `--data DIR`, one or more. */
  data: string[];
  /** `--folder DIR`: the HotBackup folder. */
  folder: string;
  volumeSize?: string;
  compression?: string;
  base?: EngineSettings;
}

/**
 * The paths and settings of `hotbackup backup --data DIR... --folder DIR [--volume-size] [--compression]`,
 * checked, with relative paths made absolute. Throws HotBackupError('BAD_INPUT') with a message that says what to fix.
 */
export function backupCommandInput(input: BackupCommandInput): { hotBackupFolder: string; dataDirectories: DataDirectory[]; settings: EngineSettings } {
  if (input.data.length === 0) throw new HotBackupError('BAD_INPUT', 'Give at least one data directory: --data DIR (repeat for more).');
  if (!input.folder) throw new HotBackupError('BAD_INPUT', 'Give the HotBackup folder: --folder DIR.');
  if (input.compression !== undefined && input.compression !== 'none' && input.compression !== 'gzip') {
    throw new HotBackupError('BAD_INPUT', `--compression "${input.compression}" is not known: use none or gzip.`);
  }
  const candidate = {
    ...(input.base ?? defaultEngineSettings),
    ...(input.volumeSize !== undefined ? { volumeSize: parseVolumeSize(input.volumeSize) } : {}),
    ...(input.compression !== undefined ? { compression: input.compression } : {}),
  };
  const parsed = EngineSettings.safeParse(candidate);
  if (!parsed.success) throw new HotBackupError('BAD_INPUT', describeIssues(parsed.error));
  return {
    hotBackupFolder: resolve(input.folder),
    dataDirectories: input.data.map((d) => ({ path: resolve(d), label: '', exclude: [] })),
    settings: parsed.data,
  };
}

const size = (n: number) => (n >= GIB ? `${(n / GIB).toFixed(1)} GiB` : n >= MIB ? `${(n / MIB).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

/** One plain line per progress event: `Saving — Streaming Files 45% (1.2 GiB of 2.0 GiB, 300/800 files, about 12 s left)`. */
export function formatProgressLine(e: ProgressEvent): string {
  const p = e.progress;
  const parts: string[] = [];
  if (p.bytesTotal > 0) parts.push(`${size(p.bytesDone)} of ${size(p.bytesTotal)}`);
  if (p.filesTotal > 0) parts.push(`${p.filesDone}/${p.filesTotal} files`);
  if (p.etaSeconds !== null && p.etaSeconds > 0) parts.push(`about ${p.etaSeconds} s left`);
  return `${e.status} — ${e.phase} ${Math.floor(p.percent)}%${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** A one-line bar for a TTY (rewrite it with `\r`). */
export function formatProgressBar(e: ProgressEvent, width = 30): string {
  const filled = Math.round((Math.min(100, Math.max(0, e.progress.percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${formatProgressLine(e)}`;
}

/** `hotbackup backup` exit code: 0 succeeded, 2 bad input (settings, paths), 1 any other failure. */
export function exitCodeOfRun(r: Pick<RunBackupResult, 'result' | 'errorCode'>): 0 | 1 | 2 {
  if (r.result === 'Succeeded') return 0;
  return r.errorCode === 'BAD_INPUT' ? 2 : 1;
}
