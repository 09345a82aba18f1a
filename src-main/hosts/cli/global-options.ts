import { resolve } from 'node:path';
import { defaultConfigDir } from '../../director/settings/config-dir.js';

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
  json: boolean;
  server: ServerOptions | null;
  /** `--password-stdin` (global, so it also reaches `user add` / `user passwd` wherever it is written). */
  passwordStdin: boolean;
}

export function resolveGlobals(opts: { configDir?: string; json?: boolean; server?: string; account?: string; passwordStdin?: boolean; fingerprint?: string }): GlobalOptions {
  const url = opts.server ?? process.env.HOTBACKUP_SERVER;
  return {
    configDir: resolve(opts.configDir ?? process.env.HOTBACKUP_CONFIG_DIR ?? defaultConfigDir()),
    json: Boolean(opts.json),
    passwordStdin: Boolean(opts.passwordStdin),
    server: url ? { url, account: opts.account, passwordStdin: opts.passwordStdin, fingerprint: opts.fingerprint } : null,
  };
}
