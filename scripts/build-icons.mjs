// Rasterise the icon SVGs in assets/ into dist/icons/ (PNG) for the tray, the window, the
// notifications and electron-builder. @resvg/resvg-js ships its renderer inside the npm
// package, so this needs no download and no system library.
import { Resvg } from '@resvg/resvg-js';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const assets = 'assets';
const out = join('dist', 'icons');

async function render(svgFile, size, pngFile) {
  const svg = await readFile(join(assets, svgFile), 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
  await writeFile(pngFile, png);
}

await mkdir(join(out, 'linux'), { recursive: true });
const trays = (await readdir(assets)).filter((f) => /^tray-[a-z0-9-]+\.svg$/.test(f));
if (trays.length === 0) throw new Error(`No tray icons (tray-*.svg) in ${assets}/`);
for (const svg of trays) {
  const name = svg.replace(/\.svg$/, '');
  // 16 px, and @2x beside it: Electron's nativeImage picks the right one per screen scale.
  await render(svg, 16, join(out, `${name}.png`));
  await render(svg, 32, join(out, `${name}@2x.png`));
}
// The app icon: 1024 px for macOS and Windows (electron-builder makes .icns/.ico), sized PNGs for Linux.
await render('icon.svg', 1024, join(out, 'icon.png'));
for (const size of [16, 32, 48, 64, 128, 256, 512]) await render('icon.svg', size, join(out, 'linux', `${size}x${size}.png`));
console.log(`icons: ${trays.length} tray states and the app icon -> ${out}/`);
