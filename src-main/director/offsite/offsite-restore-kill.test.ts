import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { removeStaleConfigs } from './rclone.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

// Real age behind a thin wrapper: the third decryption of a restore (the volumes, after
// MANIFEST.json and HB.LOG) writes everything, says so in a file and then never ends, so the
// test kills the restoring process while the decrypted volumes lie on disk.
const wrap = vi.hoisted(() => {
  const fs = process.getBuiltinModule('node:fs');
  const dir = fs.mkdtempSync('/tmp/hb-offsite-rkill-');
  const age = `${dir}/age`;
  fs.writeFileSync(age, `#!/bin/sh
if [ "$1" = "-d" ] && [ -n "$HB_TEST_STALL" ]; then
  echo x >> "$HB_TEST_STALL.count"
  if [ "$(wc -l < "$HB_TEST_STALL.count")" -ge 3 ]; then age "$@"; : > "$HB_TEST_STALL"; exec sleep 600; fi
fi
exec age "$@"
`, { mode: 0o755 });
  process.env.HOTBACKUP_AGE = age;
  return { dir };
});

const temps = new TempDirs();
afterAll(() => {
  temps.cleanup();
  process.getBuiltinModule('node:fs').rmSync(wrap.dir, { recursive: true, force: true });
});

describe('an offsite restore killed midway (power cut, SIGKILL)', () => {
  it('leaves no decrypted volumes beside the restore folder once the Director starts again', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-rkill-target');
    await runCopyJob(jobInput(temps, b, testTarget({ remote, recipients: [key.publicKey] })));
    const parent = temps.make('offsite-rkill-to');
    const workDir = temps.make('offsite-rkill-work');
    const stalled = join(temps.make('offsite-rkill-flag'), 'stalled');
    writeFileSync(`${stalled}.count`, '');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'offsite-restore.child.ts'), remote, key.publicKey, b.id, join(parent, 'restored'), key.file, workDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, HB_TEST_STALL: stalled },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)));
    try {
      await vi.waitFor(() => expect(existsSync(stalled), `the restoring child: ${err}`).toBe(true), { timeout: 120_000, interval: 200 });
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    // The killed restore left its work folder with the decrypted (clear) volumes beside the restore folder.
    const left = readdirSync(parent).filter((n) => n.startsWith('.hotbackup-offsite-'));
    expect(left).toHaveLength(1);
    const volumes = join(parent, left[0]!, 'Recent', b.id);
    expect(readdirSync(volumes)).toContain('BACKUP.001');
    expect(readFileSync(join(volumes, 'MANIFEST.json'), 'utf8')).toContain('ledger.csv');

    // The Director's start-up sweep (as for rclone configs) removes it: client data never stays there in clear.
    await removeStaleConfigs(workDir);
    expect(readdirSync(parent).filter((n) => n.startsWith('.hotbackup-offsite-'))).toEqual([]);
    expect(readdirSync(workDir)).toEqual([]);
  }, 300_000);
});
