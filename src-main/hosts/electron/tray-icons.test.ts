import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { trayIcons } from './tray-model.js';

const assets = join(import.meta.dirname, '..', '..', '..', 'assets');

describe('tray icon sources', () => {
  it('there is exactly one assets/tray-<name>.svg per tray state', async () => {
    const svgs = (await readdir(assets)).filter((f) => f.startsWith('tray-') && f.endsWith('.svg'));
    expect(svgs.sort()).toEqual(trayIcons.map((n) => `tray-${n}.svg`).sort());
  });

  it.each(trayIcons.map((n) => [n]))('tray-%s renders at 16 px with visible pixels', async (name) => {
    const svg = await readFile(join(assets, `tray-${name}.svg`), 'utf8');
    const image = new Resvg(svg, { fitTo: { mode: 'width', value: 16 } }).render();
    expect([image.width, image.height]).toEqual([16, 16]);
    const alpha = [...image.pixels].filter((_, i) => i % 4 === 3);
    expect(alpha.filter((a) => a > 128).length).toBeGreaterThan(60);
  });
});
