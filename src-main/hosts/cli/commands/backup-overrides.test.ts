import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// `hotbackup backup --data DIR --folder DIR --volume-size BYTES --compression none|gzip` (issue 3):
// a one-off run on a bare config directory, nothing saved.

let root = '';
let cfg = '';

const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-cli-overrides-'));
  cfg = join(root, 'config');
  await mkdir(join(root, 'ledger', 'Clients'), { recursive: true });
  // Incompressible content, so a 1 MiB volume size really splits the stream.
  await writeFile(join(root, 'ledger', 'Clients', 'scan.bin'), Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => (i * 2654435761) >>> 24)));
  await writeFile(join(root, 'ledger', 'notes.txt'), 'call the bank\n');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('hotbackup backup --data --folder', () => {
  it('backs up the given folder into the given HotBackup folder in 1 MiB volumes, and saves none of it', async () => {
    const folder = join(root, 'Backups');
    const r = await hotbackup('backup', '--data', join(root, 'ledger'), '--folder', folder, '--volume-size', '1MiB', '--compression', 'none', '--json');
    expect(r.code, r.err).toBe(0);
    const outcome = JSON.parse(r.out).outcome;
    expect(outcome.result).toBe('Succeeded');
    const dir = join(folder, 'Recent', outcome.id);
    const volumes = (await readdir(dir)).filter((f) => f.startsWith('BACKUP.')).sort();
    expect(volumes).toEqual(['BACKUP.001', 'BACKUP.002', 'BACKUP.003']);
    // Plain tar (no gzip), restorable with cat | tar.
    const out = join(root, 'out');
    await mkdir(out);
    execFileSync('sh', ['-c', `cat ${volumes.map((v) => `'${join(dir, v)}'`).join(' ')} | tar -xf - -C '${out}'`]);
    const restored = await readdir(out);
    expect(restored).toHaveLength(1);
    expect(await readFile(join(out, restored[0]!, 'notes.txt'), 'utf8')).toBe('call the bank\n');

    const saved = JSON.parse(await readFile(join(cfg, 'settings.json'), 'utf8'));
    expect(saved.dataDirectories).toEqual([]);
    expect(saved.folder.path).not.toBe(folder);
    expect(saved.engine.volumeSize).toBe(1024 ** 3);
  });

  it.each([
    [['--volume-size', '1000'], /volumeSize must be at least 1048576 bytes/],
    [['--volume-size', 'big'], /--volume-size "big" is not a size/],
    [['--compression', 'zip'], /--compression "zip" must be none or gzip/],
    [['--data', '/no/such/folder'], /--data: "\/no\/such\/folder" does not exist/],
  ])('refuses %j with exit 2 and says why', async (args, why) => {
    const r = await hotbackup('backup', '--data', join(root, 'ledger'), '--folder', join(root, 'Backups'), ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
  });
});
