import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OffsiteSettingsPatch } from '../../../shared/offsite-settings.js';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { openTarget, rcloneWords, removeStaleConfigs } from './rclone.js';
import { testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const s3 = { remote: 'office-s3:', backend: { type: 's3', options: { provider: 'AWS' } } };

describe('the rclone config HotBackup writes for a target', () => {
  it('a secret holding a line break is refused when saved (it would add lines, even a remote, to the config)', () => {
    const r = OffsiteSettingsPatch.safeParse({ targets: [{ id: 's3', label: 'S3', ...s3, secrets: { secret_access_key: 'abc\n[evil]\ntype = local' } }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/holds no line break/);
  });

  it('a stored secret holding a line break is refused in words and no config is written', async () => {
    const work = temps.make('offsite-conf');
    const t = testTarget({ ...s3, secretsSealed: { secret_access_key: 'abc\r\n[evil]' } });
    await expect(openTarget(t, work, (x) => x)).rejects.toThrow(/secret "secret_access_key" of offsite target "Office NAS" holds a line break.*enter it again/);
    expect(readdirSync(work)).toEqual([]);
  });

  it('a WebDAV server that accepts but never answers is "did not answer in time" (rclone 1.60 words)', () => {
    const stderr = '2026/12/01 00:23:54 Failed to create file system for "w:x": read metadata failed: Propfind "http://127.0.0.1:44733/x": net/http: timeout awaiting response headers\n';
    expect(rcloneWords(stderr)).toMatch(/^it did not answer in time/);
  });
});

describe('rclone configs left by a copy that was killed', () => {
  it('a config whose process is gone (it holds the secrets) is removed; one of a running process is kept', async () => {
    const work = temps.make('offsite-conf');
    const t = testTarget({ ...s3, secretsSealed: { secret_access_key: 'SECRETKEY123' } });
    const mine = await openTarget(t, work, (x) => x);
    const gone = spawnSync('true').pid;
    const stale = `rclone-nas-${gone}-1764547200000.conf`;
    copyFileSync(mine.configPath, join(work, stale));
    expect(readFileSync(join(work, stale), 'utf8')).toContain('SECRETKEY123');
    expect(await removeStaleConfigs(work)).toEqual([stale]);
    expect(readdirSync(work)).toEqual([basename(mine.configPath)]);
    await mine.close();
    expect(readdirSync(work)).toEqual([]);
  });

  it('a config whose pid now belongs to a process started after it was written (a reused pid) is removed', async () => {
    const work = temps.make('offsite-conf-reused');
    const t = testTarget({ ...s3, secretsSealed: { secret_access_key: 'SECRETKEY123' } });
    const mine = await openTarget(t, work, (x) => x);
    // Our own pid, but written long before this process started: the writer is gone.
    const reused = `rclone-nas-${process.pid}-1000000000000.conf`;
    copyFileSync(mine.configPath, join(work, reused));
    expect(await removeStaleConfigs(work)).toEqual([reused]);
    expect(readdirSync(work)).toEqual([basename(mine.configPath)]);
    await mine.close();
  });
});
