/** The no-backup alert's line in the status warnings starts with this (the tray turns red on it). */
export const NO_BACKUP_ALERT_PREFIX = 'No successful HotBackup for ';

export const isNoBackupAlert = (warning: string): boolean => warning.startsWith(NO_BACKUP_ALERT_PREFIX);
