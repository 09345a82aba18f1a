import { hostname } from 'node:os';
import type { ConnectionOptions } from 'node:tls';
import type { Settings } from '../../../shared/settings.js';
import { readLock } from '../director-lock.js';
import type { Logger } from '../../base/logger.js';
import type { DirectorServices } from '../services.js';
import type { RenderEnv } from './render.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import type { SecretBox } from './secret-box.js';

/** What sending needs from the Director; tests build one by hand. */
export interface NotifyDeps {
  settings: () => Settings;
  secrets: SecretBox;
  logger: Logger;
  clock: () => Date;
  /** Host name and console URL for `{{host}}` / `{{consoleUrl}}`. */
  env: () => Promise<RenderEnv>;
  retry: RetryPolicy;
  /** Extra TLS options for the SMTP connection (e.g. a private CA); none by default. */
  tls?: ConnectionOptions;
}

/** The console URL without its `#token=…` part: an e-mail must never carry the API token. */
export function publicConsoleUrl(url: string | null | undefined): string | null {
  return url ? url.replace(/#.*$/, '') : null;
}

/** NotifyDeps for a running Director; `overrides` for tests (retry waits, TLS trust). */
export function notifyDepsFrom(d: DirectorServices, overrides: Partial<NotifyDeps> = {}): NotifyDeps {
  return {
    settings: () => d.settings.get(),
    secrets: d.secrets,
    logger: d.logger,
    clock: d.clock,
    env: async () => ({ host: hostname(), consoleUrl: publicConsoleUrl((await readLock(d.configDir))?.url), offsite: d.offsiteSummary?.() ?? '' }),
    retry: defaultRetryPolicy,
    ...overrides,
  };
}
