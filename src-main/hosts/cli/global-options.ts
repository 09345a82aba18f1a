import { resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultConfigDir } from '../../director/settings/config-dir.js';

// The options every command takes, declared once on the program. Commander recognises them
// before or after the command's name (`hotbackup --server X status`, `hotbackup user add bob
// --password-stdin`), lists them under "Global Options" in each command's help, and a command
// reads them with optsWithGlobals(). `--json` is not among them: only commands that can print
// JSON declare it, so elsewhere it is refused as an unknown option.

/** `--server`: a Director on another machine, and how to sign in to it. */
export interface ServerOptions {
  url: string;
  account?: string;
  passwordStdin?: boolean;
  /** The fingerprint to expect on first connection (scripts; otherwise it is shown and confirmed). */
  fingerprint?: string;
  token?: string;
}

export interface GlobalOptions {
  configDir: string;
  server: ServerOptions | null;
  /** `--password-stdin`: the --account password, or the new password of `user add` / `user passwd`. */
  passwordStdin: boolean;
}

/** The global options as commander parses them. */
interface GlobalFlags {
  configDir?: string;
  server?: string;
  account?: string;
  passwordStdin?: boolean;
  fingerprint?: string;
}

export function declareGlobalOptions(program: Command): Command {
  return program
    .option('--config-dir <dir>', 'settings, logs and the Director lock live here (default: the OS config folder, or $HOTBACKUP_CONFIG_DIR)')
    .option('--server <https://host:port>', 'use the Director on another machine (or $HOTBACKUP_SERVER); its certificate is pinned at first connection')
    .option('--account <name>', 'sign in to --server as this account (or $HOTBACKUP_ACCOUNT); scripts use an API token in $HOTBACKUP_TOKEN instead')
    .option('--password-stdin', 'read the password from standard input: the --account password (else $HOTBACKUP_PASSWORD, else a prompt), or the new one of user add / user passwd')
    .option('--fingerprint <sha256>', "the server certificate's SHA-256 fingerprint to expect at first connection (instead of confirming it on a terminal)")
    .configureHelp({ showGlobalOptions: true });
}

export function resolveGlobals(opts: GlobalFlags): GlobalOptions {
  const url = opts.server ?? process.env.HOTBACKUP_SERVER;
  return {
    configDir: resolve(opts.configDir ?? process.env.HOTBACKUP_CONFIG_DIR ?? defaultConfigDir()),
    passwordStdin: Boolean(opts.passwordStdin),
    server: url ? { url, account: opts.account, passwordStdin: opts.passwordStdin, fingerprint: opts.fingerprint } : null,
  };
}

/** The global options as the command being run sees them (commander's optsWithGlobals). */
export function globalsOf(command: Command): GlobalOptions {
  return resolveGlobals(command.optsWithGlobals<GlobalFlags>());
}
