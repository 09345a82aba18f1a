import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDirector } from '../../../director/director.js';
import { silentLogger } from '../../../base/logger.js';
import { startService } from '../../service/service.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// `hotbackup backup` and `hotbackup request` end to end (real engine), with their exit codes.

let root = '';
let cfg = '';

const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-cli-backup-'));
  cfg = join(root, 'config');
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, 'data', 'notes.txt'), 'meeting notes\n'.repeat(100));
  expect((await hotbackup('settings', 'set', 'folder.path', join(root, 'HotBackup'))).code).toBe(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('hotbackup backup', () => {
  it('fails with exit 1 and the reason when there is nothing to back up, then succeeds with exit 0', async () => {
    const failed = await hotbackup('backup');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/Failed in Initializing: .*data director/i);
    expect((await hotbackup('settings', 'set', 'dataDirectories', JSON.stringify([{ path: join(root, 'data') }]))).code).toBe(0);
    const ok = await hotbackup('backup', '--user', 'ann', '--task', 'before upgrade');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^HotBackup \d{8} Succeeded: 1 files/);
    expect(ok.err).toContain('Pending — Initializing');
    const status = await hotbackup('status', '--json');
    expect(JSON.parse(status.out).lastRun).toMatchObject({ result: 'Succeeded', trigger: 'On Demand' });
  });
});

describe('hotbackup request', () => {
  it('exit 3 with no Director; with one, prints the light and exits 0 on go', async () => {
    const none = await hotbackup('request', '--level', 'suggested', '--wait', 'started');
    expect(none.code).toBe(3);
    expect(none.err).toContain('No HotBackup Director is running');

    expect((await hotbackup('settings', 'set', 'dataDirectories', JSON.stringify([{ path: join(root, 'data') }]))).code).toBe(0);
    const director = await createDirector({ configDir: cfg, logger: silentLogger, home: root, schedule: false });
    const service = await startService({ director, host: '127.0.0.1', port: 0, rendererDir: join(root, 'none') });
    try {
      const go = await hotbackup('request', '--level', 'recommended', '--wait', 'completed', '--task', 'Year-end close');
      expect(go.code).toBe(0);
      expect(go.out).toContain('waiting: Pending');
      expect(go.out).toMatch(/go: you can go on \(HotBackup \d{8}\)/);
      expect(director.services.status.get().lastRun).toMatchObject({ trigger: 'Requested', result: 'Succeeded' });
    } finally {
      await director.close();
      await service.close();
    }
  });
});
