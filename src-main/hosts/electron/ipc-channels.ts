/** The two IPC channels between our preload and main: everything else travels inside them. */
export const INVOKE_CHANNEL = 'hotbackup:invoke';
export const EVENT_CHANNEL = 'hotbackup:event';
