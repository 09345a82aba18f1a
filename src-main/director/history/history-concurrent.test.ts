import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, compactHistory, readHistory } from './history-store.js';

// The Director compacts the run history while a command-line run (another process) appends to it:
// every line any process appended is still there afterwards. Real processes, no mocks.

const run = promisify(execFile);
// One process per script (tsx's loader, not its CLI, which would run the script in a child of its own).
const tsx = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href];
const store = resolve(import.meta.dirname, 'history-store.ts');

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-history-concurrent-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const NOW = new Date('2026-11-30T12:00:00Z');
const slot = (d: Date) => d.toISOString();

/** A child process appending `n` young missed-slot lines tagged `tag`, as a CLI run appends its lines. */
async function writer(tag: string, n: number): Promise<void> {
  const script = join(dir, `writer-${tag}.mts`);
  await writeFile(
    script,
    `import { appendHistory } from ${JSON.stringify(store)};
for (let i = 0; i < ${n}; i++) {
  await appendHistory(${JSON.stringify(join(dir, 'config'))}, { v: 1, type: 'missed', slot: new Date(${NOW.getTime()} - i * 1000).toISOString(), trigger: 'Scheduled', cause: '${tag}-' + i, recordedAt: 'x', hotBackupFolder: '/hb' });
}
`,
  );
  await run(process.execPath, [...tsx, script]);
}

describe('run history written by several processes', () => {
  it('a compaction running while two other processes append loses none of their lines', async () => {
    const config = join(dir, 'config');
    const N = 150;
    const writers = Promise.all([writer('a', N), writer('b', N)]);
    let done = false;
    void writers.finally(() => (done = true));
    // Meanwhile this process (the Director) keeps adding an old line and compacting it away.
    let rounds = 0;
    while (!done) {
      await appendHistory(config, { v: 1, type: 'missed', slot: slot(new Date(NOW.getTime() - 900 * 86_400_000)), trigger: 'Scheduled', cause: 'old', recordedAt: 'x', hotBackupFolder: '/hb' });
      await compactHistory(config, { clock: () => NOW, force: true, presentIds: async () => new Set() });
      rounds++;
    }
    await writers;
    const causes = (await readHistory(config)).entries.map((e) => e.cause ?? '');
    expect(rounds).toBeGreaterThan(5);
    expect(causes.filter((c) => c.startsWith('a-'))).toHaveLength(N);
    expect(causes.filter((c) => c.startsWith('b-'))).toHaveLength(N);
    // No lock or temporary file is left behind.
    expect((await readdir(config)).sort()).toEqual(['run-history.jsonl']);
  });

  it('a writer killed (SIGKILL) while holding the history lock does not block the next one', async () => {
    const config = join(dir, 'config');
    const script = join(dir, 'holder.mts');
    await writeFile(
      script,
      `import { withHistoryLock } from ${JSON.stringify(resolve(import.meta.dirname, 'history-lock.ts'))};
await withHistoryLock(${JSON.stringify(join(config, 'run-history.jsonl'))}, async () => { process.stdout.write('held\\n'); await new Promise(() => setInterval(() => undefined, 1000)); }, (e) => e as Error);
`,
    );
    await mkdir(config, { recursive: true });
    const child = spawn(process.execPath, [...tsx, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok) => child.stdout.on('data', (b: Buffer) => b.toString().includes('held') && ok()));
    const ended = new Promise((ok) => child.on('exit', ok));
    process.kill(child.pid!, 'SIGKILL');
    await ended;
    await appendHistory(config, { v: 1, type: 'missed', slot: slot(NOW), trigger: 'Scheduled', cause: 'after the kill', recordedAt: 'x', hotBackupFolder: '/hb' });
    expect((await readHistory(config)).entries.map((e) => e.cause)).toEqual(['after the kill']);
  });
});

