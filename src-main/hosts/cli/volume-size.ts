import { GIB, MIB } from '../../../shared/settings.js';
import { CliError, EXIT } from './exit-codes.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MIB, mb: MIB, mib: MIB, g: GIB, gb: GIB, gib: GIB };

/** `--volume-size`: bytes, or with a binary unit: 1048576, 1MiB, 512m, 2G. */
export function parseVolumeSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) {
    throw new CliError(`--volume-size "${text}" is not a size: give bytes (1048576) or a size such as 1MiB, 512MiB, 1GiB.`, EXIT.BAD_INPUT);
  }
  return Math.round(Number(m[1]) * unit);
}
