import envPaths from 'env-paths';

/** The default config directory: the OS's per-user config location for "HotBackup". */
export function defaultConfigDir(): string {
  return envPaths('HotBackup', { suffix: '' }).config;
}
