import { resolve } from 'node:path';
import { defaultConfigDir } from '../../director/settings/config-dir.js';

export interface ShellArgs {
  /** The config directory: the same default as the CLI and the headless Director, so they find each other. */
  configDir: string;
  /** Start in the tray without showing the window (login items). */
  hidden: boolean;
  /** `--connect`: "Connect to a HotBackup server" instead of a Director on this PC. */
  connect: boolean;
}

/** `--config-dir DIR` / `--config-dir=DIR`, else $HOTBACKUP_CONFIG_DIR, else the per-user default; `--hidden`. */
export function parseShellArgs(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: () => string = defaultConfigDir): ShellArgs {
  let configDir: string | undefined;
  let hidden = false;
  let connect = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config-dir' && i + 1 < argv.length) configDir = argv[++i];
    else if (arg.startsWith('--config-dir=')) configDir = arg.slice('--config-dir='.length);
    else if (arg === '--hidden') hidden = true;
    else if (arg === '--connect') connect = true;
  }
  return { configDir: resolve(configDir || env.HOTBACKUP_CONFIG_DIR || fallback()), hidden, connect };
}

/**
 * The arguments of the console started again after "Connect to a HotBackup Server…" (with
 * `--connect`) or "Disconnect" (without): the same config directory, shown (not `--hidden`).
 */
export function relaunchArgs(argv: readonly string[], connect: boolean): string[] {
  return [...argv.filter((a) => a !== '--connect' && a !== '--hidden'), ...(connect ? ['--connect'] : [])];
}
