import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

// Needs the built CLI (npm run build), like every CLI test.
describe('npm run demo', () => {
  it('serves the console on live office data, backs it up, and removes everything on Ctrl-C', async () => {
    const demo = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'demo.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    demo.stderr.on('data', (d) => (stderr += d));
    const lines: string[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: demo.stdout }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('Demo folder: ')) resolve();
      });
      demo.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${stderr}`)));
    });
    await ready;
    const url = /Console: +(\S+)/.exec(lines.join('\n'))![1]!;
    const root = lines.find((l) => l.startsWith('Demo folder: '))!.slice('Demo folder: '.length);
    const configDir = join(root, 'config');

    const page = await fetch(url.replace(/#.*$/, ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const backup = await new Promise<{ code: number; out: string }>((resolve) => {
      const cli = spawn(process.execPath, ['bin/hotbackup.js', '--config-dir', configDir, 'backup', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      cli.stdout.on('data', (d) => (out += d));
      cli.stderr.on('data', (d) => (out += d));
      cli.on('close', (code) => resolve({ code: code ?? -1, out }));
    });
    expect(backup.code, backup.out).toBe(0);
    expect(existsSync(join(root, 'HotBackup', 'Recent'))).toBe(true);

    const exited = new Promise<number | null>((r) => demo.once('exit', (code) => r(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(root)).toBe(false);
  });
});
