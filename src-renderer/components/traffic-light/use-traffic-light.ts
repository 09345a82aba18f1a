import { useApp } from '../../store/store.js';
import type { LightAsk, LightChoice } from './light-text.js';

export type { LightAsk, LightChoice } from './light-text.js';

/**
 * For a risky console action: `const { ask } = useTrafficLight();`
 * `if ((await ask({ level: 'recommended', wait: 'completed', task: 'Restore 26112601' })) === 'cancel') return;`
 * Resolves 'go' after a HotBackup reached the light's point (and the green dialog closed),
 * 'continue-without' when the admin goes on without one, 'cancel' when the task must not run.
 */
export function useTrafficLight(): { ask(ask: LightAsk): Promise<LightChoice> } {
  const ask = useApp((s) => s.askLight);
  return { ask };
}
