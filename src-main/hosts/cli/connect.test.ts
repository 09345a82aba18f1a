import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDirectorLock } from '../../director/director-lock.js';
import { connect } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-connect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('connect while another program holds the config directory', () => {
  it('names a command-line run as such (not "the console" or "a Director")', async () => {
    const lock = await acquireDirectorLock(dir, () => new Date('2026-11-30T09:00:00.000Z'), 'cli', 'hotbackup backup');
    try {
      const err = await connect(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(EXIT.NO_DIRECTOR);
      expect((err as Error).message).toBe(
        `A hotbackup command-line run (process ${process.pid} on ${hostname()}, since 2026-11-30T09:00:00.000Z) is using ${dir} (hotbackup backup). Wait for it to finish and try again.`,
      );
    } finally {
      await lock.release();
    }
  });

  it('names the console when the console holds it without an API', async () => {
    const lock = await acquireDirectorLock(dir, () => new Date('2026-11-30T09:00:00.000Z'), 'console', 'console');
    try {
      expect(((await connect(dir).catch((e: unknown) => e)) as Error).message).toMatch(/^The HotBackup console \(process \d+ on .*\) already owns /);
    } finally {
      await lock.release();
    }
  });
});
