import type { TrayModel } from './tray-model.js';

/** What e2e/electron.spec.ts reads from the main process (only when HOTBACKUP_E2E=1). */
export interface E2eHooks {
  tray(): TrayModel;
  mode: 'embedded' | 'remote';
  configDir: string;
}

declare global {
  var __hotbackupE2E: E2eHooks | undefined;
}

export function installTestHooks(env: NodeJS.ProcessEnv, hooks: E2eHooks): void {
  if (env.HOTBACKUP_E2E === '1') globalThis.__hotbackupE2E = hooks;
}
