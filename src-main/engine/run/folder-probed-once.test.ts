import { watch, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROBE_NAME } from '../fs/folder-probe.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';

// Issue 14: the HotBackup folder is probed (a child process writing a test file, up to 20 s on a
// slow share) once per run, not again by the run's worker. Counted on the folder itself: every
// probe creates and removes its test file there, which inotify reports in order.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('the HotBackup folder probe', () => {
  it('runs once per backup run (the host checks, the worker does not check again)', { timeout: 120_000 }, async () => {
    const data = temps.make('probe-once-data');
    await writeFile(join(data, 'ledger.txt'), 'rent');
    const hb = join(temps.make('probe-once'), 'HotBackup');
    await mkdir(hb);
    let probeEvents = 0;
    let sawMarker: () => void = () => undefined;
    const marker = new Promise<void>((r) => (sawMarker = r));
    const watcher = watch(hb, (event, name) => {
      if (name === PROBE_NAME && event === 'rename') probeEvents++;
      if (name === 'marker') sawMarker();
    });
    try {
      const r = await runBackup(baseOptions(hb, [data]));
      expect(r.result).toBe('Succeeded');
      // Events arrive in order: once the marker's is seen, every probe's has been.
      writeFileSync(join(hb, 'marker'), '');
      await marker;
    } finally {
      watcher.close();
    }
    // One probe: its file created and removed (two 'rename' events); two probes would give four.
    expect(probeEvents).toBe(2);
  });
});
