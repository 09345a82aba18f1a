import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-write.js';

export const WINDOW_STATE_FILE = 'window-state.json';

const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const defaultWindowState: WindowState = { width: 1120, height: 780, maximized: false };

/** The saved state, or the default when the file is missing or not ours (never an error: it is only a window size). */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return defaultWindowState;
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : defaultWindowState;
  } catch {
    return defaultWindowState;
  }
}

/**
 * Keep the saved position only when the title bar area is still on a screen (a monitor may
 * have been unplugged since); otherwise let the OS place the window. Shrinks to fit too.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const biggest = workAreas.reduce<Rect | null>((a, b) => (!a || b.width * b.height > a.width * a.height ? b : a), null);
  const width = biggest ? Math.min(state.width, biggest.width) : state.width;
  const height = biggest ? Math.min(state.height, biggest.height) : state.height;
  const sized = { ...state, width, height };
  if (state.x === undefined || state.y === undefined) return { width, height, maximized: state.maximized };
  const { x, y } = state;
  // A 100x30 strip at the top of the window must be on some display, so it can be dragged.
  const grabbable = workAreas.some(
    (a) => x + Math.min(100, width) > a.x && x < a.x + a.width - 30 && y >= a.y && y + 30 <= a.y + a.height,
  );
  return grabbable ? sized : { width, height, maximized: state.maximized };
}

export async function loadWindowState(file: string): Promise<WindowState> {
  return parseWindowState(await readFile(file, 'utf8').catch(() => null));
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
}
