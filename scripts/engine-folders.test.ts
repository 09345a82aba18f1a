import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The engine's folders are its jobs (src-main/engine/README.md, Layout). An import that runs back
// up (the vault importing the run, the manifest and the stream importing each other) is how a
// folder stops saying what it holds (issue 20). This walks the production files' relative imports
// and requires the folders to form no cycle; index.ts and errors.ts at the engine's root are not
// folders and are left out.
const engine = join(import.meta.dirname, '..', 'src-main', 'engine');

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : productionFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const folderOf = (file: string): string | null => {
  const parts = relative(engine, file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : null;
};

export function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of productionFiles(engine)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1] as string);
      if (!target.startsWith(engine + sep)) continue;
      const to = folderOf(target);
      if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** A cycle of folders (first folder repeated at the end), or null. */
export function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const next of graph.get(n) ?? []) {
      const c = visit(next);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe("the engine's folders", () => {
  it('import each other in one direction only', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(8);
    expect(findCycle(graph)).toBeNull();
  });

  it('a folder importing back up is found', () => {
    const graph = folderGraph();
    graph.set('vault', (graph.get('vault') ?? new Set()).add('run'));
    expect(findCycle(graph)).toEqual(expect.arrayContaining(['vault', 'run']));
  });
});
