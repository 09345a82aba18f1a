import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWindowState, fitToDisplays, loadWindowState, parseWindowState, saveWindowState } from './window-state.js';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it.each([
    ['missing file', null],
    ['not JSON', '{oops'],
    ['too small', '{"width":10,"height":10}'],
    ['wrong types', '{"width":"wide","height":800}'],
  ])('falls back to the default for %s', (_name, text) => {
    expect(parseWindowState(text)).toEqual(defaultWindowState);
  });

  it('keeps a saved position that is still on a screen', () => {
    const state = parseWindowState('{"x":1600,"y":100,"width":1200,"height":900,"maximized":true}');
    expect(fitToDisplays(state, [laptop, rightMonitor])).toEqual({ x: 1600, y: 100, width: 1200, height: 900, maximized: true });
  });

  it('drops a position on an unplugged monitor and shrinks to the largest screen', () => {
    const state = parseWindowState('{"x":1600,"y":100,"width":2000,"height":1200}');
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1440, height: 870, maximized: false });
  });

  it('drops a position whose title bar is above the screen', () => {
    expect(fitToDisplays({ x: 10, y: -200, width: 800, height: 600, maximized: false }, [laptop])).toEqual({ width: 800, height: 600, maximized: false });
  });

  it('round-trips through the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hb-win-'));
    try {
      const file = join(dir, 'window-state.json');
      await saveWindowState(file, { x: 5, y: 6, width: 900, height: 700, maximized: false });
      expect(await loadWindowState(file)).toEqual({ x: 5, y: 6, width: 900, height: 700, maximized: false });
      await writeFile(file, 'garbage');
      expect(await loadWindowState(file)).toEqual(defaultWindowState);
      expect(await readFile(file, 'utf8')).toBe('garbage');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
