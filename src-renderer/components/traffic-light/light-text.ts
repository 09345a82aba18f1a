// What each traffic-light dialog says. Pure, so every wording decision is unit-tested.
import type { LightLevel, LightWait } from '../../../shared/run.js';
import type { Phase, Status } from '../../../shared/status.js';

export type LightColor = 'red' | 'yellow' | 'green';
/** How the admin answered: made a HotBackup and may go on, went on without one, or gave up the task. */
export type LightChoice = 'go' | 'continue-without' | 'cancel';

/** What a risky console action asks before it runs. */
export interface LightAsk {
  /** `recommended`: data could be lost if the task is interrupted; `suggested`: the task is hard to undo. */
  level: LightLevel;
  /** `completed` = red light (wait for the whole backup); `started` = yellow (wait for the snapshot point). */
  wait: LightWait;
  /** The task in a few words, e.g. `Restore 26112601 over the data directories`; recorded with the run. */
  task: string;
  /** One or two sentences on why a backup helps before this task. */
  detail?: string;
}

export const GREEN_SECONDS = 10;

export const colorOfWait = (wait: LightWait): LightColor => (wait === 'completed' ? 'red' : 'yellow');

export const lightTitle = (level: LightLevel): string => (level === 'recommended' ? 'HotBackup Recommended' : 'HotBackup Suggested');

export const lightImage = (color: LightColor): { src: string; alt: string } => ({
  src: `./light-${color}.svg`,
  alt:
    color === 'red'
      ? 'Red traffic light'
      : color === 'yellow'
        ? 'Yellow traffic light'
        : 'Green traffic light',
});

/** The first dialog: why a backup is advised and how long "Make a HotBackup" will hold the task. */
export function askMessage(ask: LightAsk): string[] {
  const why =
    ask.level === 'recommended'
      ? `"${ask.task}" could lose data if it is interrupted.`
      : `"${ask.task}" is not easy to undo.`;
  const hold =
    ask.wait === 'completed'
      ? 'If you make a HotBackup now, the task waits until the backup has completed and been validated.'
      : 'If you make a HotBackup now, the task goes on as soon as the backup has captured your data; the backup finishes in the background.';
  return [why + (ask.detail ? ` ${ask.detail}` : ''), hold];
}

/** While the backup runs: what we are waiting for, and where the run stands. */
export function waitingMessage(wait: LightWait, status: Status | null, phase: Phase | null): string {
  const target = wait === 'completed' ? 'until the HotBackup has completed' : 'until the HotBackup has captured your data';
  const where = status ? ` Now: ${status}${phase ? ` — ${phase}` : ''}.` : '';
  return `Waiting ${target}.${where}`;
}

/** The green dialog's message: a red light released at completion, a yellow one at the snapshot point. */
export function greenMessage(wait: LightWait, task: string, runId: string | null): string {
  const which = runId ? `HotBackup ${runId}` : 'The HotBackup';
  return wait === 'completed'
    ? `${which} has completed. You may go on with "${task}".`
    : `${which} is in progress and has captured your data. You may go on with "${task}".`;
}

/** A light that could not turn green: the reason, and what the admin can still do. */
export function failedMessage(reason: string | null): string {
  return `The HotBackup did not succeed: ${reason ?? 'no reason was given'}. Try again, continue without a backup, or cancel the task.`;
}

export const closesIn = (seconds: number): string => `This window closes by itself in ${seconds} s.`;
