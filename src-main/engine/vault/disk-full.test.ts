import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseOptions, treeDigest } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';
import { readBackupLog } from './backup-log.js';
import { freeBytes } from '../../base/free-space.js';
import { lockedRunBackup } from '../run/locked-run.js';
import { applyRetention } from '../retention/retention-apply.js';

// Acceptance 3 of issue 4: the HotBackup folder on a small tmpfs fills up in the middle of a run.
// The run fails and says so, the partial run stays in Failed/, the good backup is intact, and the
// next run (with room again) succeeds. Needs root to mount; skipped with the reason otherwise.

let root = '';
let hb = '';
let data = '';
let mounted = false;
let skipReason: string | null = null;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-diskfull-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'data');
  await mkdir(hb);
  await mkdir(data);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', hb], { encoding: 'utf8' });
  mounted = m.status === 0;
  skipReason = mounted ? null : `cannot mount a tmpfs here (${(m.stderr || m.error?.message || `exit ${m.status}`).trim()}); run as root to test a full disk`;
});
afterEach(async () => {
  if (mounted) spawnSync('umount', [hb]);
  await rm(root, { recursive: true, force: true });
});

describe('the HotBackup folder runs out of space mid-run', () => {
  it('fails clearly, keeps the partial run in Failed/, loses nothing good, and the next run succeeds', async (ctx) => {
    if (skipReason) {
      console.log(`skipped: ${skipReason}`);
      ctx.skip();
    }
    // 4 MB that gzip cannot shrink.
    for (let i = 0; i < 4; i++) await writeFile(join(data, `part-${i}.bin`), randomBytes(1024 * 1024));
    const filler = join(hb, 'filler.bin');
    const run = lockedRunBackup(runBackup);
    const cleanup = { cleanup: (c: { hotBackupFolder: string; log: (code: string, detail: string) => Promise<void> }) => applyRetention({ hotBackupFolder: c.hotBackupFolder, retention: { recent: 4, archive: 2 }, log: c.log }).then(() => undefined) };

    const first = await run({ ...baseOptions(hb, [data]), ...cleanup });
    expect(first.result, first.error ?? '').toBe('Succeeded');
    const goodBefore = treeDigest(join(hb, 'Recent'));

    // After the free-space check has passed, something else fills the drive, leaving 512 KB.
    const second = await run({
      ...baseOptions(hb, [data]),
      ...cleanup,
      userTasks: async () => {
        await writeFile(filler, Buffer.alloc(Math.max(0, (await freeBytes(hb)) - 512 * 1024)));
        return [];
      },
    });
    expect(second.result).toBe('Failed');
    expect(second.error).toMatch(new RegExp(`^the HotBackup folder ${hb} ran out of space: about \\d+ MB needed, [\\d.]+ \\w+ free`));
    expect(second.backupPath).toBe(join(hb, 'Failed', second.id!));
    expect(await readdir(join(hb, 'Failed'))).toEqual([second.id]);
    expect(treeDigest(join(hb, 'Recent'))).toEqual(goodBefore);
    expect(await readFile(join(second.backupPath!, 'HB.LOG'), 'utf8')).toMatch(/\|HB_FAILED\|/);

    // Room again: the next run first records the failure BACKUP.LOG could not take, then succeeds.
    await rm(filler);
    const third = await run({ ...baseOptions(hb, [data]), ...cleanup });
    expect(third.result, third.error ?? '').toBe('Succeeded');
    expect(Number(third.id!.slice(6))).toBe(Number(second.id!.slice(6)) + 1);
    const { records } = await readBackupLog(hb);
    expect(records.map((r) => [r.id, r.folder, r.result])).toEqual([
      [first.id, 'Recent', 'Succeeded'],
      [second.id, 'Failed', 'Failed'],
      [third.id, 'Recent', 'Succeeded'],
    ]);
    expect(records[1]!.error).toMatch(/ran out of space/);
    const after = treeDigest(join(hb, 'Recent'));
    for (const [path, digest] of goodBefore) expect(after.get(path), path).toBe(digest);
  }, 120_000);

  it('a drive already full at start fails at the free-space check with the same words (folder, about N needed, M free), no raw ENOSPC, no backup folder or ID used', async (ctx) => {
    if (skipReason) {
      console.log(`skipped: ${skipReason}`);
      ctx.skip();
    }
    await writeFile(join(data, 'letter.txt'), 'Dear client');
    const run = lockedRunBackup(runBackup);
    const first = await run(baseOptions(hb, [data]));
    expect(first.result, first.error ?? '').toBe('Succeeded');
    // Another program fills the drive to the last byte.
    await writeFile(join(hb, 'other-program.tmp'), Buffer.alloc(await freeBytes(hb))).catch(() => undefined);
    await writeFile(join(hb, 'other-program-2.tmp'), Buffer.alloc(64 * 1024)).catch(() => undefined);
    const second = await run(baseOptions(hb, [data]));
    expect(second).toMatchObject({ result: 'Failed', id: null, backupPath: null, causeKind: 'disk-full', failedPhase: 'Gathering File Statistics' });
    expect(second.error).toMatch(new RegExp(`^the HotBackup folder ${hb} ran out of space: about [\\d.]+ MB needed, [\\d.]+ \\w+ free on its drive`));
    expect(second.error).not.toMatch(/ENOSPC|no space left/i);
    expect(await readdir(join(hb, 'Failed'))).toEqual([]);
  }, 120_000);
});
