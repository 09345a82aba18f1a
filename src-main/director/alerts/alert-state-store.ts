import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-write.js';
import type { Logger } from '../../base/logger.js';
import type { StaleState } from './staleness-decision.js';

export const ALERT_STATE_FILE = 'alert-state.json';
/** Format version of alert-state.json; a change bumps it and still reads every earlier one. */
export const ALERT_STATE_VERSION = 1;

const StoredState = z.object({
  version: z.literal(ALERT_STATE_VERSION),
  watchingSince: z.string(),
  lastSuccessAt: z.string().nullable(),
  lastSuccessId: z.string().nullable(),
  alertingSince: z.string().nullable(),
  lastAlertAt: z.string().nullable(),
  alertedAfter: z.string().nullable(),
});

/**
 * The no-backup alert's memory in the config directory, so a restart neither repeats an
 * alert early nor forgets to send "OK again". A missing or unreadable file starts afresh
 * (watching from now), with a log line for the unreadable one.
 */
export async function loadAlertState(configDir: string, now: Date, logger: Logger): Promise<{ state: StaleState; fresh: boolean }> {
  const file = join(configDir, ALERT_STATE_FILE);
  const fresh: StaleState = { watchingSince: now.toISOString(), lastSuccessAt: null, lastSuccessId: null, alertingSince: null, lastAlertAt: null, alertedAfter: null };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`${file} cannot be read (${(err as Error).message}); the no-backup alert starts afresh`);
    return { state: fresh, fresh: true };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = StoredState.safeParse(json);
  if (!parsed.success) {
    logger.warn(`${file} is not a valid alert state; the no-backup alert starts afresh`);
    return { state: fresh, fresh: true };
  }
  const { version: _v, ...state } = parsed.data;
  return { state, fresh: false };
}

export async function saveAlertState(configDir: string, state: StaleState): Promise<void> {
  await writeFileAtomic(join(configDir, ALERT_STATE_FILE), JSON.stringify({ version: ALERT_STATE_VERSION, ...state }, null, 2) + '\n', 0o600);
}
