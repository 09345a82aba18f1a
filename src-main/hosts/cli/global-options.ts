import { resolve } from 'node:path';
import { defaultConfigDir } from '../../director/config-dir.js';

export interface GlobalOptions {
  configDir: string;
  json: boolean;
}

export function resolveGlobals(opts: { configDir?: string; json?: boolean }): GlobalOptions {
  return {
    configDir: resolve(opts.configDir ?? process.env.HOTBACKUP_CONFIG_DIR ?? defaultConfigDir()),
    json: Boolean(opts.json),
  };
}
