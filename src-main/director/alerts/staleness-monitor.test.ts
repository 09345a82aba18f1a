import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { writeBackupLog } from '../../engine/vault/backup-log.js';
import { trayModel } from '../../hosts/electron/tray-model.js';
import { createDirector } from '../director.js';
import { EventHub } from '../event-hub.js';
import { appendHistory } from '../history/history-store.js';
import { silentLogger } from '../../base/logger.js';
import { createHeadlessSecretBox } from '../notify/secret-box.js';
import { parseMime, startTestSmtp, type TestSmtpServer } from '../notify/testing/smtp-fixture.js';
import { manualTime } from '../retry/testing/manual-time.js';
import type { RunBackup } from '../run/run-queue.js';
import { StatusTracker } from '../run/status-tracker.js';
import { StalenessMonitor } from './staleness-monitor.js';

// The alert end to end: BACKUP.LOG on disk, alert-state.json in the config directory, a real SMTP
// server on loopback; only time is simulated (a manual clock and timer).

let root: string;
let folder: string;
let smtp: TestSmtpServer;

const success = (id: string, ended: string): BackupRecord => ({
  id, trigger: 'Scheduled', started: ended, ended, result: 'Succeeded', folder: 'Recent', user: '', task: '', files: 3, bytes: 300, error: '', foundOnDisk: false,
});

function settings(more: Partial<Settings['alerts']> = {}): Settings {
  const s = Settings.parse(defaultSettings('linux', root));
  s.folder.path = folder;
  s.schedule = { entries: [{ id: 'night', days: { kind: 'everyDay' }, times: ['02:00'], suspended: false }], suspendedUntil: null, timeZone: 'UTC', catchUpHours: 12 };
  s.alerts = { ...s.alerts, ...more };
  s.email.server = { ...s.email.server, host: '127.0.0.1', port: smtp.port, security: 'none', fromAddress: 'hb@example.com', timeoutSeconds: 5 };
  s.email.messages = [
    { id: 'f', name: 'Failure', enabled: true, when: 'failure', to: ['admin@example.com'], cc: ['it@example.com'], subject: 's', body: 'b', attachLog: false },
    { id: 's', name: 'Success', enabled: true, when: 'success', to: ['boss@example.com'], cc: [], subject: 's', body: 'b', attachLog: false },
  ];
  return s;
}

function monitor(time: ReturnType<typeof manualTime>, status: StatusTracker, s: Settings) {
  return new StalenessMonitor({
    configDir: join(root, 'config'),
    settings: () => s,
    status,
    clock: time.clock,
    logger: silentLogger,
    timer: time.timer,
    notify: {
      settings: () => s,
      secrets: createHeadlessSecretBox(join(root, 'config')),
      logger: silentLogger,
      clock: time.clock,
      env: async () => ({ host: 'office-server', consoleUrl: 'http://127.0.0.1:4000/' }),
      retry: { delaysMs: [], delay: async () => undefined },
    },
  });
}

const mails = () => smtp.mails.map((m) => ({ to: m.to, ...parseMime(m.raw) }));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-stale-'));
  folder = join(root, 'HotBackup');
  await mkdir(join(root, 'config'), { recursive: true });
  await mkdir(folder, { recursive: true });
  await writeBackupLog(folder, [success('26112801', '2026-11-28T02:00:00+00:00')]);
  smtp = await startTestSmtp({ security: 'none' });
});

afterEach(async () => {
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

describe('no successful backup for N hours', () => {
  it('daily schedule: alert at 48 h (e-mail, console warning, red tray), again at 96 h, then "OK again"', async () => {
    const time = manualTime('2026-11-29T12:00:00Z');
    const status = new StatusTracker(new EventHub());
    const m = monitor(time, status, settings());
    await m.start();
    expect(smtp.mails).toHaveLength(0);

    time.advanceHours(14);
    time.fireNext();
    await m.check();
    expect(mails().map((x) => x.headers.subject)).toEqual(['No successful HotBackup for 48 hours on office-server']);
    const alert = mails()[0]!;
    expect(alert.to).toEqual(['admin@example.com', 'it@example.com']);
    expect(alert.text).toContain('Last successful backup: 26112801, ended 2026-11-28 02:00:00 +00:00.');
    expect(alert.text).toContain('http://127.0.0.1:4000/');
    const warning = 'No successful HotBackup for 48 hours (the last one was 26112801 at 2026-11-28 02:00:00 +00:00). Check the Vault and the schedule, then run a backup.';
    expect(status.get().warnings).toEqual([warning]);
    expect(trayModel({ status: status.get(), schedulesSuspended: false, mode: 'embedded' }).icon).toBe('failed');

    time.advanceHours(24);
    time.fireNext();
    await m.check();
    expect(smtp.mails).toHaveLength(1);
    expect(status.get().warnings).toEqual([warning.replace('48 hours', '72 hours')]);

    time.advanceHours(24);
    time.fireNext();
    await m.check();
    expect(mails().map((x) => x.headers.subject)[1]).toBe('Still no successful HotBackup for 96 hours on office-server');

    time.advanceHours(1);
    await writeBackupLog(folder, [success('26112801', '2026-11-28T02:00:00+00:00'), success('26120201', '2026-12-02T02:30:00+00:00')]);
    time.fireNext();
    await m.check();
    const ok = mails()[2]!;
    expect(ok.headers.subject).toBe('HotBackup OK again on office-server: 26120201 succeeded');
    expect(ok.text).toContain('Before it, no backup had succeeded for 96 hours.');
    expect(status.get().warnings).toEqual([]);
    expect(trayModel({ status: status.get(), schedulesSuspended: false, mode: 'embedded' }).icon).toBe('idle');
    await m.stop();
    expect(smtp.mails).toHaveLength(3);
  });

  it('a restart remembers the alert: no early repeat, and "OK again" still follows', async () => {
    const time = manualTime('2026-11-30T03:00:00Z');
    const s = settings({ staleAfterHours: 30 });
    const first = monitor(time, new StatusTracker(new EventHub()), s);
    await first.start();
    expect(smtp.mails).toHaveLength(1);
    await first.stop();
    const state = JSON.parse(await readFile(join(root, 'config', 'alert-state.json'), 'utf8'));
    expect(state).toMatchObject({ version: 1, alertingSince: '2026-11-30T03:00:00.000Z', lastSuccessId: '26112801' });

    time.advanceHours(2);
    const status = new StatusTracker(new EventHub());
    const second = monitor(time, status, s);
    await second.start();
    expect(smtp.mails).toHaveLength(1);
    expect(status.get().warnings[0]).toMatch(/^No successful HotBackup for 51 hours/);
    await second.onRunEnded({
      runKey: 'run-1', trigger: 'On Demand', user: 'alice', task: '', hotBackupFolder: folder,
      result: { id: '26113001', result: 'Succeeded', error: null, failedPhase: null, files: 3, bytes: 300, startedAt: '2026-11-30T05:00:00+00:00', endedAt: '2026-11-30T05:01:00+00:00', backupPath: null, warnings: [] },
    });
    expect(mails().map((x) => x.headers.subject)).toEqual(['No successful HotBackup for 49 hours on office-server', 'HotBackup OK again on office-server: 26113001 succeeded']);
    await second.stop();
  });

  it('no recipient for failures: the alert still shows, with a warning saying why no e-mail went out', async () => {
    const time = manualTime('2026-11-30T03:00:00Z');
    const s = settings();
    s.email.messages = s.email.messages.filter((x) => x.when === 'success');
    const status = new StatusTracker(new EventHub());
    const m = monitor(time, status, s);
    await m.start();
    expect(smtp.mails).toHaveLength(0);
    expect(status.get().warnings).toEqual([
      expect.stringMatching(/^No successful HotBackup for 49 hours/),
      'Alert e-mail "No successful HotBackup for 49 hours on office-server" was not sent: no enabled e-mail message is sent on failure; add one with a recipient in the e-mail settings.',
    ]);
    await m.stop();
  });
});

describe('in the Director', () => {
  it('started 58 h after the last success with alerts.staleAfterHours 26: alerts at once; a successful run sends "OK again"', async () => {
    const s = settings({ staleAfterHours: 26 });
    s.schedule.entries = [];
    await writeFile(join(root, 'config', 'settings.json'), JSON.stringify(s));
    const time = manualTime('2026-11-30T12:00:00Z');
    const runBackup: RunBackup = async () => ({
      id: '26113001', result: 'Succeeded', error: null, failedPhase: null, files: 3, bytes: 300,
      startedAt: time.clock().toISOString(), endedAt: time.clock().toISOString(), backupPath: null, warnings: [],
    });
    const director = await createDirector({ configDir: join(root, 'config'), home: root, platform: 'linux', lock: false, clock: time.clock, timer: time.timer, logger: silentLogger, runBackup });
    try {
      await smtp.waitForMails(1);
      expect(director.services.status.get().warnings).toEqual([expect.stringMatching(/^No successful HotBackup for 58 hours \(the last one was 26112801/)]);
      director.services.runs.start({ trigger: 'On Demand', user: 'alice', task: '', system: '' });
      await smtp.waitForMails(3);
      // The run's own success e-mail ("s") and the end of the alert.
      expect(smtp.mails.map((x) => parseMime(x.raw).headers.subject).sort()).toEqual(
        [`HotBackup OK again on ${hostname()}: 26113001 succeeded`, `No successful HotBackup for 58 hours on ${hostname()}`, 's'].sort(),
      );
      expect(director.services.status.get().warnings).toEqual([]);
    } finally {
      await director.close();
    }
  });
});

describe('no backup ever', () => {
  it('counts from the first start, across restarts', async () => {
    await rm(join(folder, 'BACKUP.LOG'));
    const time = manualTime('2026-11-30T00:00:00Z');
    const s = settings();
    const first = monitor(time, new StatusTracker(new EventHub()), s);
    await first.start();
    await first.stop();
    time.advanceHours(47);
    const second = monitor(time, new StatusTracker(new EventHub()), s);
    await second.start();
    expect(smtp.mails).toHaveLength(0);
    time.advanceHours(1);
    time.fireNext();
    await second.check();
    const [alert] = mails();
    expect(alert!.headers.subject).toBe('No successful HotBackup for 48 hours on office-server');
    expect(alert!.text).toContain('No backup has succeeded since HotBackup started watching at 2026-11-30 00:00:00 UTC.');
    await second.stop();
  });
});

describe('where the last success comes from', () => {
  it('the run history, when the HotBackup folder (and its BACKUP.LOG) cannot be reached', async () => {
    const config = join(root, 'config');
    await appendHistory(config, { v: 1, type: 'begin', key: 'run-1', startedAt: '2026-11-29T02:00:00+00:00', trigger: 'Scheduled', user: '', task: '', hotBackupFolder: folder });
    await appendHistory(config, { v: 1, type: 'folder', key: 'run-1', id: '26112901' });
    await appendHistory(config, {
      v: 1, type: 'end', key: 'run-1', endedAt: '2026-11-29T02:05:00+00:00', result: 'Succeeded', phase: 'HotBackup Succeeded',
      cause: null, causeKind: null, id: '26112901', files: 3, bytes: 300, skipped: null,
    });
    await rm(folder, { recursive: true });
    await writeFile(folder, 'not a folder: the NAS mount is gone');
    const time = manualTime('2026-11-30T12:00:00Z');
    const status = new StatusTracker(new EventHub());
    const m = monitor(time, status, settings());
    await m.start();
    expect(smtp.mails).toHaveLength(0);
    time.advanceHours(15);
    time.fireNext();
    await m.check();
    expect(mails().map((x) => x.headers.subject)).toEqual(['No successful HotBackup for 48 hours on office-server']);
    expect(status.get().warnings[0]).toContain('the last one was 26112901 at 2026-11-29 02:05:00 +00:00');
    await m.stop();
  });
});
