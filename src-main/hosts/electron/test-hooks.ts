import type { TrayAction, TrayModel } from './tray-model.js';

/** What e2e/electron.spec.ts reads and drives in the main process (only when HOTBACKUP_E2E=1). */
export interface E2eHooks {
  tray(): TrayModel;
  /** Every distinct tooltip shown so far, oldest first: a short run still leaves its trace. */
  tooltips(): string[];
  /** Click a tray menu item (the OS tray itself is out of Playwright's reach). */
  trayAction(action: TrayAction): void;
  mode: 'embedded' | 'remote' | 'server';
  configDir: string;
}

declare global {
  var __hotbackupE2E: E2eHooks | undefined;
}

export function installTestHooks(env: NodeJS.ProcessEnv, hooks: E2eHooks): void {
  if (env.HOTBACKUP_E2E === '1') globalThis.__hotbackupE2E = hooks;
}
