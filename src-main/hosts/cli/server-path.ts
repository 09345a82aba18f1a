import { posix, resolve, win32 } from 'node:path';
import { CliError, EXIT } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';

/**
 * A folder given on the command line, as the Director is to use it. Without --server the Director
 * runs on this machine: a relative path is taken from the current folder. With --server every path
 * names a folder on the server, where this workstation's current folder means nothing: a relative
 * path is refused, naming the value and giving a full path as an example. An empty value is refused
 * everywhere.
 */
export function directorPath(g: Pick<GlobalOptions, 'server'>, option: string, value: string, example: string): string {
  // An empty value (a script's unset variable: hotbackup data add "$DIR") would resolve to the current folder.
  if (value.trim() === '') throw new CliError(`${option} is empty: give the folder's full path, e.g. ${option === 'DIR' ? '' : `${option} `}${example}.`, EXIT.BAD_INPUT);
  if (!g.server) return resolve(value);
  if (posix.isAbsolute(value) || win32.isAbsolute(value)) return value;
  throw new CliError(
    `${option} "${value}" is a relative path, but with --server it names a folder on the server (${g.server.url}), not on this computer. ` +
      `Give its full path on the server, e.g. ${option === 'DIR' ? '' : `${option} `}${example}.`,
    EXIT.BAD_INPUT,
  );
}
