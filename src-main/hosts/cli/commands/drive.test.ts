import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFolderLock } from '../../../engine/vault/folder-lock.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-cli-drive-'));
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data', 'memo.txt'), 'memo');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('hotbackup drive adopt', () => {
  it('a replaced backup drive is refused until adopted, then backed up to', async () => {
    const cfg = join(root, 'cfg');
    const folder = join(root, 'drive', 'HotBackup');
    const backup = () => runCliCaptured(cfg, ['backup', '--data', join(root, 'data'), '--folder', folder]);
    expect((await backup()).code).toBe(0);
    await rename(join(root, 'drive'), join(root, 'old-drive'));
    await mkdir(folder, { recursive: true }); // the new, empty drive
    const refused = await backup();
    expect(refused.code).toBe(1);
    expect(refused.out + refused.err).toContain('Is the backup drive connected?');

    const adopted = await runCliCaptured(cfg, ['drive', 'adopt', '--folder', folder]);
    expect(adopted).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^The drive at ${folder} is a backup drive of this HotBackup now \\(identity [0-9a-f-]{36}\\)\\.\\n$`)) });
    expect(JSON.parse(await readFile(join(folder, 'HOTBACKUP.ID'), 'utf8')).folderId).toHaveLength(36);
    expect((await backup()).code).toBe(0);
  });

  it('refuses a folder that is not there', async () => {
    const r = await runCliCaptured(join(root, 'cfg'), ['drive', 'adopt', '--folder', join(root, 'nowhere')]);
    expect(r).toMatchObject({ code: 2, err: expect.stringContaining('connect (mount) the backup drive') });
  });

  it('while a run holds the folder: names the holder in words (no "unexpected error" and stack), adopts nothing', async () => {
    const folder = join(root, 'HotBackup');
    await mkdir(folder);
    const lock = await acquireFolderLock(folder, 'HotBackup run (Scheduled)');
    try {
      const r = await runCliCaptured(join(root, 'cfg'), ['drive', 'adopt', '--folder', folder]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^hotbackup: The HotBackup folder .* is in use by .*: HotBackup run \(Scheduled\)/);
      expect(r.err).not.toContain('unexpected error');
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      await lock.release();
    }
    await expect(readFile(join(folder, 'HOTBACKUP.ID'), 'utf8')).rejects.toThrow();
  });
});
