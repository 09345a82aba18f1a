import type { StateCreator } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { LightUpdate } from '../../shared/run.js';
import type { Phase, Status } from '../../shared/status.js';
import { GREEN_SECONDS, type LightAsk, type LightChoice } from '../components/traffic-light/light-text.js';

export type LightStage =
  | { kind: 'ask' }
  | { kind: 'waiting'; status: Status | null; phase: Phase | null }
  | { kind: 'green'; secondsLeft: number; runId: string | null }
  | { kind: 'failed'; reason: string };

export interface LightDialog {
  ask: LightAsk;
  stage: LightStage;
}

export interface LightSlice {
  /** The traffic-light dialog on screen, if any (one at a time). */
  light: LightDialog | null;
  /** Show the red/yellow dialog for a risky task; resolves once the admin's answer is final. */
  askLight(ask: LightAsk): Promise<LightChoice>;
  /** "Make a HotBackup": a `backup.request` with the light's level and wait. */
  lightMakeBackup(): Promise<void>;
  /** Close the dialog with this answer ("Continue without", "Cancel", or "OK" on green). */
  lightAnswer(choice: LightChoice): void;
  /** A `light.update` event from the Director (sent to this console only). */
  lightUpdate(update: LightUpdate): void;
}

/** Who the Director records as asking, in the run and in HB.LOG. */
export const CONSOLE_SYSTEM = 'HotBackup Console';
/** The browser does not know the person at the keyboard; the run records that the console asked. */
export const CONSOLE_USER = 'Console';

type Timer = ReturnType<typeof setInterval>;

/** The traffic-light flow: ask → waiting (live status) → green (closes itself) or failed. */
export const createLightSlice =
  <S extends LightSlice>(getBridge: () => Bridge): StateCreator<S, [], [], LightSlice> =>
  (set, get) => {
    let resolve: ((c: LightChoice) => void) | null = null;
    let timer: Timer | null = null;
    // Bumped whenever the dialog closes or a new attempt starts, so a late answer is ignored.
    let attempt = 0;
    const stopTimer = () => {
      if (timer) clearInterval(timer);
      timer = null;
    };
    const setStage = (stage: LightStage) => {
      const light = get().light;
      if (light) set({ light: { ...light, stage } } as Partial<S>);
    };
    const startGreen = (runId: string | null) => {
      setStage({ kind: 'green', secondsLeft: GREEN_SECONDS, runId });
      timer = setInterval(() => {
        const stage = get().light?.stage;
        if (stage?.kind !== 'green') return stopTimer();
        if (stage.secondsLeft <= 1) get().lightAnswer('go');
        else setStage({ ...stage, secondsLeft: stage.secondsLeft - 1 });
      }, 1000);
    };

    return {
      light: null,
      askLight(ask) {
        // One light at a time: a second ask while one is open is answered "cancel" rather than hidden.
        if (get().light) return Promise.resolve<LightChoice>('cancel');
        attempt++;
        set({ light: { ask, stage: { kind: 'ask' } } } as Partial<S>);
        return new Promise<LightChoice>((r) => {
          resolve = r;
        });
      },
      async lightMakeBackup() {
        const light = get().light;
        if (!light || light.stage.kind === 'waiting' || light.stage.kind === 'green') return;
        const mine = ++attempt;
        setStage({ kind: 'waiting', status: null, phase: null });
        const { level, wait, task } = light.ask;
        const result = await getBridge().invoke('backup.request', { level, wait, task, user: CONSOLE_USER, system: CONSOLE_SYSTEM });
        if (mine !== attempt || !get().light) return;
        if (!result.ok) setStage({ kind: 'failed', reason: result.error.message });
        else if (result.value.state === 'go') startGreen(result.value.runId);
        else setStage({ kind: 'failed', reason: result.value.reason ?? 'the Director gave no reason' });
      },
      lightAnswer(choice) {
        if (!get().light) return;
        attempt++;
        stopTimer();
        set({ light: null } as Partial<S>);
        const r = resolve;
        resolve = null;
        r?.(choice);
      },
      lightUpdate(update) {
        const stage = get().light?.stage;
        if (stage?.kind === 'waiting' && update.state === 'waiting') setStage({ kind: 'waiting', status: update.status, phase: update.phase });
      },
    };
  };
