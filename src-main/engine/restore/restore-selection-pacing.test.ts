import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest/manifest.js';
import { MAX_GLOB_LENGTH, Pacer } from '../plan/glob-match.js';
import { selectForRestore } from './restore-plan.js';

// Issue point 7: restore path selection never holds the Director's event loop. It runs in slices
// counted in work (entries, automaton steps), so a request that arrives while a huge manifest is
// being matched against many-star patterns is answered before the selection ends. The test checks
// that structure (turns given, a request answered meanwhile), never a time.

function manifestOf(paths: readonly string[]): Manifest {
  const entries = paths.map((path, i) => ({ path, kind: 'file', size: 1, mode: 0o644, mtime: '2026-11-30T09:00:00.000Z', sha256: null, offset: i * 1024 }));
  return { format: 2, id: '26113003', entries, volumes: [], totals: { tarBytes: paths.length * 1024 + 1024 } } as unknown as Manifest;
}

/** Start selecting; a real HTTP request is sent once the selection is under way. Was it answered before the selection ended? */
async function requestDuringSelection(manifest: Manifest, globs: readonly string[], pacer: Pacer) {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    let selectionDone = false;
    const selecting = selectForRestore(manifest, globs, pacer).then((s) => {
      selectionDone = true;
      return s;
    });
    const { port } = server.address() as AddressInfo;
    const answer = fetch(`http://127.0.0.1:${port}/status`).then(async (r) => ({ text: await r.text(), selectionDoneThen: selectionDone }));
    const [sel, answered] = await Promise.all([selecting, answer]);
    return { sel, answered };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('restore path selection off the event loop', () => {
  it('1,000,000 manifest entries and many-star patterns: a request is answered before the selection ends', { timeout: 300_000 }, async () => {
    const paths = Array.from({ length: 1_000_000 }, (_, i) => `data/d${i % 1000}/f${i}.txt`);
    // Near misses on every name (no "z" anywhere), and a pattern that selects one folder.
    const globs = [`**/${'*f'.repeat(4)}*z`, '*1*2*3*4*5*z', 'data/d7'];
    const pacer = new Pacer();
    const { sel, answered } = await requestDuringSelection(manifestOf(paths), globs, pacer);
    expect(answered).toEqual({ text: 'ok', selectionDoneThen: false });
    expect(sel.items).toHaveLength(1000);
    expect(sel.items.every((it) => it.key.startsWith('data/d7/'))).toBe(true);
    expect(pacer.turns).toBeGreaterThan(1000);
  });

  it('one long path against the longest many-star pattern is matched in slices too', async () => {
    const path = `data/${'a'.repeat(250)}/`.repeat(16) + 'b';
    const glob = `${'*a'.repeat((MAX_GLOB_LENGTH - 2) / 2)}*z`;
    const pacer = new Pacer();
    const { sel, answered } = await requestDuringSelection(manifestOf([path]), [glob], pacer);
    expect(answered.selectionDoneThen).toBe(false);
    expect(sel.items).toHaveLength(0);
    expect(pacer.turns).toBeGreaterThan(10);
  });
});
