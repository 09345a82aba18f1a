// The engine options as a person types them (console fields, `hotbackup engine set`), checked
// once here so both say the same; the shared schema holds the limits.
import { EngineSettings, GIB, MIB } from './settings.js';
import { formatBytes } from './format.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MIB, mb: MIB, mib: MIB, g: GIB, gb: GIB, gib: GIB };

/** Bytes, or a size with a binary unit (1048576, 1MiB, 512m, 2G); null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : null;
}

/** A volume size shown for editing: "1 GiB", "512 MiB", or bytes when it is not a whole MiB. */
export function sizeText(bytes: number): string {
  if (bytes % GIB === 0) return `${bytes / GIB} GiB`;
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  return String(bytes);
}

export interface EngineOptionsInput {
  compression?: string;
  volumeSize?: string;
  includeUnsettled?: boolean;
  settleAttempts?: string;
}
export type EngineOptionErrors = Partial<Record<keyof EngineOptionsInput, string>>;

const first = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);

/** The options given, checked: a partial engine section to save, or one message per wrong option. */
export function checkEngineOptions(input: EngineOptionsInput): { patch: Partial<EngineSettings> | null; errors: EngineOptionErrors } {
  const patch: Partial<EngineSettings> = {};
  const errors: EngineOptionErrors = {};
  if (input.compression !== undefined) {
    if (input.compression === 'none' || input.compression === 'gzip') patch.compression = input.compression;
    else errors.compression = `Compression "${input.compression}" must be none or gzip`;
  }
  if (input.volumeSize !== undefined) {
    const bytes = parseSize(input.volumeSize);
    if (bytes === null) errors.volumeSize = `Volume size "${input.volumeSize}" is not a size: give bytes (1048576) or a size such as 1MiB, 512MiB, 1GiB`;
    else if (bytes < MIB) errors.volumeSize = `Volume size must be at least 1 MiB (${input.volumeSize} is ${formatBytes(bytes)})`;
    else if (bytes > 64 * GIB) errors.volumeSize = `Volume size must be at most 64 GiB (${input.volumeSize} is ${formatBytes(bytes)})`;
    else patch.volumeSize = bytes;
  }
  if (input.settleAttempts !== undefined) {
    const t = input.settleAttempts.trim();
    const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
    const problem = first(EngineSettings.shape.settleAttempts.safeParse(n));
    if (problem) errors.settleAttempts = problem.replace(/^settleAttempts/, 'Read attempts');
    else patch.settleAttempts = n;
  }
  if (input.includeUnsettled !== undefined) patch.includeUnsettled = input.includeUnsettled;
  return Object.keys(errors).length ? { patch: null, errors } : { patch, errors };
}
