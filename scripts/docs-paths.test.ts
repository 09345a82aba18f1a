import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The READMEs and CONTRIBUTING.md name files and folders to point a newcomer at them (issue 20:
// a map that matches the tree). A path written in backticks that starts at the repository root,
// or one written relative to the folder whose README names it, must exist.
const repo = join(import.meta.dirname, '..');
const rooted = /^(src-main|shared|src-renderer|e2e|scripts|bench|docs|packaging|bin|assets)\//;
// Made by a build, an install or a benchmark run, never committed.
const generated = /node_modules|^bench\/(data|results)\b|^dist/;

function namedPaths(doc: string): string[] {
  const text = readFileSync(join(repo, doc), 'utf8');
  const spans = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] as string);
  return [...new Set(spans.filter((s) => /^[\w.-]+(\/[\w.*-]+)*\/?$/.test(s) && s.includes('/') && !s.includes('*')))];
}

describe('paths the docs name exist', () => {
  it.each([
    ['README.md', ''],
    ['CONTRIBUTING.md', ''],
    ['src-main/engine/README.md', 'src-main/engine'],
    ['bench/README.md', 'src-main/engine'],
  ])('%s', (doc, base) => {
    const missing = namedPaths(doc).filter((p) => {
      if (generated.test(p)) return false;
      if (rooted.test(p)) return !existsSync(join(repo, p));
      if (!base || !/\.(ts|tsx|mjs)$/.test(p)) return false;
      return !existsSync(join(repo, base, p));
    });
    expect(missing).toEqual([]);
  });

  it('the map at the top of CONTRIBUTING.md names only folders and files that exist', () => {
    const text = readFileSync(join(repo, 'CONTRIBUTING.md'), 'utf8');
    const map = /## Where things are\n+```\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    const firsts = map.split('\n').map((l) => /^(\S+)/.exec(l)?.[1]).filter((p): p is string => !!p && p.includes('/'));
    expect(firsts.length).toBeGreaterThan(10);
    expect(firsts.filter((p) => !existsSync(join(repo, p)))).toEqual([]);
  });
});
