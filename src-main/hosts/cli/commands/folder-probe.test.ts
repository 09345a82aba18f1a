import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/settings.js';
import { createDirector, type Director } from '../../../director/director.js';
import { silentLogger } from '../../../base/logger.js';
import { PROBE_NAME, probeHotBackupFolder } from '../../../engine/fs/folder-probe.js';
import { createLocalBridge } from '../../client/local-bridge.js';

// The HotBackup folder probe (issue 14, "never stuck"): pseudo-filesystems are refused by their
// filesystem type, and a folder whose write hangs (a FIFO where the probe file goes: its open
// blocks, like a hung share) ends in a time-out message while the Director keeps answering.

let root = '';
let director: Director | null = null;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-probe-'));
});
afterEach(async () => {
  await director?.close();
  director = null;
  delete process.env.HOTBACKUP_FOLDER_PROBE_TIMEOUT_MS;
  await rm(root, { recursive: true, force: true });
});

describe('HotBackup folder probe', () => {
  it.each(['/proc/hotbackup', '/sys/fs/cgroup/hotbackup', '/dev/pts/hotbackup'])('refuses %s by its filesystem type, naming the folder, the cause and the fix', async (path) => {
    const r = await probeHotBackupFolder(path, { create: true, timeoutMs: 60_000 });
    expect(r).toMatchObject({ ok: false, kind: 'pseudo' });
    expect(r.ok ? '' : r.message).toMatch(new RegExp(`^The HotBackup folder "${path}" is on /\\S* \\(a \\w+ filesystem\\), a view of the running system that cannot hold files\\. Choose a folder on a real drive`));
    expect(existsSync(path)).toBe(false);
  });

  it('passes a real folder, creating it before a run, and leaves no probe file', async () => {
    const folder = join(root, 'drive', 'HotBackup');
    expect(await probeHotBackupFolder(folder, { create: false })).toEqual({ ok: true });
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
    expect(await probeHotBackupFolder(folder, { create: true })).toEqual({ ok: true });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a save of a /proc folder is refused with the words, and nothing is saved', async () => {
    director = await createDirector({ configDir: join(root, 'cfg'), logger: silentLogger, home: root, schedule: false });
    const bridge = createLocalBridge(director);
    const r = await bridge.invoke('settings.update', { folder: { path: '/proc/hotbackup' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(r.ok ? '' : r.error.message).toContain('folder.path: The HotBackup folder "/proc/hotbackup" is on /proc (a proc filesystem)');
    bridge.disconnect();
  });

  it('a folder whose write hangs ends in a time-out message while the Director keeps answering; a run there fails with it', async () => {
    process.env.HOTBACKUP_FOLDER_PROBE_TIMEOUT_MS = '2000';
    const hb = join(root, 'share');
    await mkdir(hb);
    execFileSync('mkfifo', [join(hb, PROBE_NAME)]);
    await mkdir(join(root, 'data'));
    await writeFile(join(root, 'data', 'ledger.txt'), 'rent');
    const settings = defaultSettings('linux', root);
    settings.dataDirectories = [{ path: join(root, 'data'), label: 'data', exclude: [] }];
    settings.folder.path = join(root, 'saved');
    await mkdir(join(root, 'cfg'));
    await writeFile(join(root, 'cfg', 'settings.json'), JSON.stringify(settings));
    director = await createDirector({ configDir: join(root, 'cfg'), logger: silentLogger, home: root, schedule: false });
    const bridge = createLocalBridge(director);
    const order: string[] = [];
    const save = bridge.invoke('settings.update', { folder: { path: hb } }).then((r) => {
      order.push('save answered');
      return r;
    });
    // While the probe hangs, the Director answers other requests.
    for (let i = 0; i < 3; i++) {
      const s = await bridge.invoke('status.get', {});
      expect(s.ok).toBe(true);
      order.push('status answered');
    }
    const saved = await save;
    expect(order).toEqual(['status answered', 'status answered', 'status answered', 'save answered']);
    expect(saved.ok ? '' : saved.error.message).toContain(`folder.path: The HotBackup folder "${hb}" did not answer within 2 s (creating and writing a test file in it hung): the drive or network share may be hung or disconnected. Check it (reconnect or remount it) or choose another folder.`);

    // A one-off run into it is refused with the same words.
    const oneOff = await bridge.invoke('backup.start', { user: 'ann', task: '', wait: true, overrides: { folder: hb } });
    expect(oneOff.ok ? '' : oneOff.error.message).toContain(`--folder: The HotBackup folder "${hb}" did not answer within 2 s`);
    // The saved folder starts hanging after it was saved: the run fails in Initializing with the words, no backup folder made.
    const saved2 = join(root, 'saved');
    await mkdir(saved2);
    execFileSync('mkfifo', [join(saved2, PROBE_NAME)]);
    const run = await bridge.invoke('backup.start', { user: 'ann', task: '', wait: true });
    expect(run.ok ? run.value.outcome : run, JSON.stringify(run)).toMatchObject({ result: 'Failed', failedPhase: 'Initializing', error: expect.stringContaining(`The HotBackup folder "${saved2}" did not answer within 2 s`) });
    expect(existsSync(join(saved2, 'Failed'))).toBe(false);
    bridge.disconnect();
  }, 60_000);
});
