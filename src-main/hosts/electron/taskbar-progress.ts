import type { StatusSnapshot } from '../../../shared/status.js';
import { isRunning, percentOf } from './tray-model.js';

/** Arguments for BrowserWindow.setProgressBar: -1 removes the bar. */
export interface TaskbarProgress {
  value: number;
  mode: 'none' | 'normal' | 'indeterminate';
}

export function taskbarProgress(s: StatusSnapshot): TaskbarProgress {
  if (!isRunning(s.status)) return { value: -1, mode: 'none' };
  const pct = percentOf(s);
  // Before any byte is saved there is nothing to measure yet: show a busy bar.
  if (s.status === 'Pending' && pct === 0) return { value: 2, mode: 'indeterminate' };
  return { value: pct / 100, mode: 'normal' };
}
