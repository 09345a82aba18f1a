import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupIdPrefix } from '../../../engine/vault/backup-id.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// Acceptance 2 of issue 4: a backup process killed with SIGKILL while streaming. The next start
// marks its run Failed ("interrupted") and keeps it in Failed/, Recent/ and Archive/ are byte for
// byte what they were, and the next backup succeeds with the next number.

const repo = join(import.meta.dirname, '../../../..');
let root = '';
let cfg = '';
let hb = '';
let data = '';

const hotbackup = (...args: string[]) => runCliCaptured(cfg, args);

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (abs: string, rel: string) => {
    for (const e of await readdir(abs, { withFileTypes: true })) {
      const a = join(abs, e.name);
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(a, r);
      else out[r] = createHash('sha256').update(await readFile(a)).digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-crash-'));
  cfg = join(root, 'config');
  hb = join(root, 'HotBackup');
  data = join(root, 'data');
  await mkdir(cfg);
  await mkdir(hb);
  await mkdir(data);
  await writeFile(join(data, 'small.txt'), 'small and quick');
  for (const [k, v] of [
    ['folder.path', hb],
    ['dataDirectories', JSON.stringify([{ path: data }])],
    ['engine.compression', 'none'],
    ['engine.volumeSize', String(1024 * 1024)],
    ['retention.recent', '1'],
    ['retention.archive', '1'],
  ]) {
    expect((await hotbackup('settings', 'set', k as string, v as string)).code).toBe(0);
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | null>, give: () => boolean): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (give()) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('a backup process killed with SIGKILL while streaming', () => {
  it('is marked Failed (interrupted) at the next start; Recent/Archive untouched; the next run gets the next number', async () => {
    const prefix = backupIdPrefix(new Date());
    expect((await hotbackup('backup')).code).toBe(0);
    expect((await hotbackup('backup')).code).toBe(0);
    expect(await readdir(join(hb, 'Recent'))).toEqual([`${prefix}02`]);
    expect(await readdir(join(hb, 'Archive'))).toEqual([`${prefix}01`]);
    const recentBefore = await digest(join(hb, 'Recent'));
    const archiveBefore = await digest(join(hb, 'Archive'));

    // Enough data that streaming takes a while: 6 × 100 MB (uncompressed volumes of 1 MiB).
    const chunk = Buffer.alloc(100 * 1024 * 1024, 0x5a);
    for (let i = 0; i < 6; i++) await writeFile(join(data, `big-${i}.bin`), chunk);

    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/hosts/cli/entry.ts', '--config-dir', cfg, 'backup'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let childErr = '';
    child.stderr.on('data', (c: Buffer) => (childErr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (childErr += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('exit', (code, signal) => res(signal ?? code)));
    let done = false;
    void exited.then(() => (done = true));
    const killedId = `${prefix}03`;
    // Streaming has begun once the second volume exists in Failed/<ID>.
    await waitFor(
      'streaming to begin',
      async () => ((await stat(join(hb, 'Failed', killedId, 'BACKUP.002')).catch(() => null)) ? true : null),
      () => done,
    ).catch(async (err: Error) => {
      const how = await exited;
      throw new Error(`${err.message}; the child ended (${String(how)}) saying: ${childErr}`);
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const logAfterKill = await readFile(join(hb, 'BACKUP.LOG'), 'utf8');
    expect(logAfterKill).toMatch(new RegExp(`^${killedId}\\|On Demand\\|[^|]*\\|\\|In Progress\\|Failed\\|`, 'm'));

    // The next start (any CLI command) recovers.
    const list = await hotbackup('list', '--json');
    expect(list.code).toBe(0);
    const rows = (JSON.parse(list.out) as { records: { id: string; result: string; folder: string; error: string }[] }).records;
    expect(rows.map((r) => [r.id, r.folder, r.result, r.error])).toEqual([
      [`${prefix}01`, 'Archive', 'Succeeded', ''],
      [`${prefix}02`, 'Recent', 'Succeeded', ''],
      [killedId, 'Failed', 'Failed', 'interrupted'],
    ]);
    expect(await readFile(join(hb, 'Failed', killedId, 'HB.LOG'), 'utf8')).toMatch(/\|HB_INTERRUPTED\|/);
    expect(await digest(join(hb, 'Recent'))).toEqual(recentBefore);
    expect(await digest(join(hb, 'Archive'))).toEqual(archiveBefore);

    // The lock of the killed process was stale: the next backup takes it over and gets the next number.
    for (let i = 0; i < 6; i++) await rm(join(data, `big-${i}.bin`));
    const next = await hotbackup('backup');
    expect(next.code, next.err).toBe(0);
    expect(next.out).toMatch(new RegExp(`HotBackup ${prefix}04 Succeeded`));
    expect(await readdir(join(hb, 'Recent'))).toEqual([`${prefix}04`]);
    expect(await readdir(join(hb, 'Archive'))).toEqual([`${prefix}02`]);
    // Retention ran in that run's 'Removing Old Backups' and said so in its HB.LOG.
    const hbLog = await readFile(join(hb, 'Recent', `${prefix}04`, 'HB.LOG'), 'utf8');
    expect(hbLog).toContain(`|HB_MOVING_BACKUP|${prefix}02 Recent -> Archive\n`);
    expect(hbLog).toContain(`|HB_DELETING_BACKUP|${prefix}01\n`);
    // Deleting 01 (a success) takes no failure with it: 03 is newer than 01.
    expect(await readdir(join(hb, 'Failed'))).toEqual([killedId]);
  }, 240_000);
});
