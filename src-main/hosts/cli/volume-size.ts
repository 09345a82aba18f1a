import { parseSize } from '../../../shared/engine-options.js';
import { CliError, EXIT } from './exit-codes.js';

/** `--volume-size`: bytes, or with a binary unit: 1048576, 1MiB, 512m, 2G (the shared parser). */
export function parseVolumeSize(text: string): number {
  const bytes = parseSize(text);
  if (bytes === null) {
    throw new CliError(`--volume-size "${text}" is not a size: give bytes (1048576) or a size such as 1MiB, 512MiB, 1GiB.`, EXIT.BAD_INPUT);
  }
  return bytes;
}
