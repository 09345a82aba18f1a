import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { removeTree } from './remove-tree.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('removeTree', () => {
  it('removes a tree of folders, files and links, never following a link', async () => {
    const root = temps.make('tree');
    const outside = temps.make('tree-outside');
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    writeFileSync(join(root, 'a/b/c/f.txt'), 'f');
    writeFileSync(join(root, 'a/top.txt'), 't');
    symlinkSync(outside, join(root, 'a/link-to-outside'));
    await removeTree(join(root, 'a'));
    expect(readdirSync(root)).toEqual([]);
    expect(readdirSync(outside)).toEqual(['keep.txt']);
    await removeTree(join(root, 'missing'));
    writeFileSync(join(root, 'file'), 'x');
    await removeTree(join(root, 'file'));
    expect(existsSync(join(root, 'file'))).toBe(false);
  });

  it('keeps memory flat for many files (fs.rm grows with them)', { timeout: 240_000 }, () => {
    const root = temps.make('tree-many');
    // 50,000 empty files in 50 folders, removed in a process of its own: how far its peak RSS grows past the peak before.
    const script = `
      import { mkdirSync, writeFileSync } from 'node:fs';
      import { rm } from 'node:fs/promises';
      import { removeTree } from ${JSON.stringify(join(import.meta.dirname, 'remove-tree.ts'))};
      const [root, how] = process.argv.slice(-2);
      for (let d = 0; d < 50; d++) {
        mkdirSync(root + '/t/' + d, { recursive: true });
        for (let i = 0; i < 1000; i++) writeFileSync(root + '/t/' + d + '/' + i, '');
      }
      const before = process.resourceUsage().maxRSS;
      if (how === 'tree') await removeTree(root + '/t'); else await rm(root + '/t', { recursive: true, force: true });
      console.log(Math.round((process.resourceUsage().maxRSS - before) / 1024));
    `;
    const grow = (how: string) => Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, root, how], { encoding: 'utf8' }).trim());
    const tree = grow('tree');
    expect(existsSync(join(root, 't'))).toBe(false);
    const plain = grow('rm');
    console.log(`removing 50,000 files: removeTree's peak RSS grew ${tree} MB, fs.rm's ${plain} MB`);
    // Garbage not yet collected counts in both; fs.rm's pending removals come on top.
    expect(plain).toBeGreaterThan(1.5 * tree);
  });
});
