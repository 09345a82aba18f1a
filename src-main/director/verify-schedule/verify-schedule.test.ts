import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localAdmin } from '../../../shared/roles.js';
import type { CallContext } from '../../../shared/contract.js';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import type { VaultListing } from '../../../shared/vault.js';
import { makeBackupFixture } from '../../engine/testing/backup-fixture.js';
import { createDirector } from '../director.js';
import { EventHub } from '../event-hub.js';
import { silentLogger } from '../../base/logger.js';
import { createHeadlessSecretBox } from '../notify/secret-box.js';
import { parseMime, startTestSmtp, type TestSmtpServer } from '../notify/testing/smtp-fixture.js';
import { manualTime } from '../retry/testing/manual-time.js';
import { StatusTracker } from '../run/status-tracker.js';
import { VerifySchedule } from './verify-schedule.js';
import { readVerdicts } from './verdict-store.js';

// Scheduled verify over real backup folders (tar volumes, MANIFEST.json, HB.LOG, BACKUP.LOG)
// with the Vault's own verify; alerts through a real SMTP server on loopback; time simulated.

let root: string;
let hb: string;
let config: string;
let smtp: TestSmtpServer;

const entries = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/ledger.txt', content: 'L'.repeat(40_000) },
  { path: 'data/clients.txt', content: 'C'.repeat(40_000) },
];

async function damage(id: string, volume: string, at: number): Promise<void> {
  const file = join(hb, 'Recent', id, volume);
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(file, bytes);
}

function settings(more: Partial<Settings['alerts']> = {}): Settings {
  const s = Settings.parse(defaultSettings('linux', root));
  s.folder.path = hb;
  s.alerts = { ...s.alerts, ...more };
  s.email.server = { ...s.email.server, host: '127.0.0.1', port: smtp.port, security: 'none', fromAddress: 'hb@example.com', timeoutSeconds: 5 };
  s.email.messages = [{ id: 'f', name: 'Failure', enabled: true, when: 'failure', to: ['admin@example.com'], cc: [], subject: 's', body: 'b', attachLog: false }];
  return s;
}

function schedule(time: ReturnType<typeof manualTime>, s: Settings, opts: { busy?: () => boolean } = {}) {
  const status = new StatusTracker(new EventHub());
  const changed: string[][] = [];
  const vs = new VerifySchedule({
    configDir: config,
    settings: () => s,
    runs: { current: () => (opts.busy?.() ? ({} as never) : null) },
    status,
    changed: (ids) => changed.push(ids),
    clock: time.clock,
    logger: silentLogger,
    timer: time.timer,
    notify: {
      settings: () => s,
      secrets: createHeadlessSecretBox(config),
      logger: silentLogger,
      clock: time.clock,
      env: async () => ({ host: 'office-server', consoleUrl: null }),
      retry: { delaysMs: [], delay: async () => undefined },
    },
  });
  return { vs, status, changed };
}

/** The scheduled verify last ran a week before `iso` (a first start only starts the week). */
const lastRanWeekBefore = (iso: string) =>
  writeFile(join(config, 'verify-results.json'), JSON.stringify({ version: 1, lastScheduledAt: new Date(Date.parse(iso) - 7 * 86_400_000).toISOString(), verdicts: [] }));

const subjects = () => smtp.mails.map((m) => parseMime(m.raw).headers.subject);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-verify-schedule-'));
  hb = join(root, 'HotBackup');
  config = join(root, 'config');
  await mkdir(config, { recursive: true });
  await makeBackupFixture(hb, '26112801', entries, { compression: 'none', volumeSize: 32 * 1024 });
  await makeBackupFixture(hb, '26112901', entries, { compression: 'none', volumeSize: 32 * 1024 });
  smtp = await startTestSmtp({ security: 'none' });
});

afterEach(async () => {
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

describe('scheduled verify', () => {
  it('the first start only starts the week: nothing is read then, the newest backup a week later', async () => {
    await damage('26112901', 'BACKUP.002', 1000);
    const time = manualTime('2026-11-30T03:00:00Z');
    const { vs } = schedule(time, settings());
    await vs.start();
    expect(await readVerdicts(config)).toMatchObject({ lastScheduledAt: '2026-11-30T03:00:00.000Z', verdicts: [] });
    expect(smtp.mails).toHaveLength(0);
    time.advanceHours(7 * 24 - 1);
    time.fireNext();
    await vs.check();
    expect(smtp.mails).toHaveLength(0);
    time.advanceHours(1);
    time.fireNext();
    await vs.check();
    expect(smtp.mails).toHaveLength(1);
    await vs.stop();
  });

  it('a damaged newest backup: the alert e-mail names it and the damage, the status shows it, the Vault keeps the verdict', async () => {
    await damage('26112901', 'BACKUP.002', 1000);
    await lastRanWeekBefore('2026-11-30T03:00:00Z');
    const time = manualTime('2026-11-30T03:00:00Z');
    const { vs, status, changed } = schedule(time, settings());
    await vs.start();
    expect(subjects()).toEqual(['HotBackup 26112901 is damaged on office-server (scheduled verify)']);
    const mail = parseMime(smtp.mails[0]!.raw);
    expect(smtp.mails[0]!.to).toEqual(['admin@example.com']);
    expect(mail.text).toContain('BACKUP.002: ');
    expect(mail.text).toContain('data/ledger.txt');
    expect(mail.text).toContain(join(hb, 'Recent', '26112901', 'HB.LOG'));
    expect(status.get().warnings).toEqual([expect.stringMatching(/^Scheduled verify found backup 26112901 damaged: BACKUP\.002: /)]);
    const kept = await readVerdicts(config);
    expect(kept.verdicts).toEqual([expect.objectContaining({ id: '26112901', ok: false, scheduled: true })]);
    expect(kept.lastScheduledAt).toBe('2026-11-30T03:00:00.000Z');
    expect(changed).toEqual([['26112901']]);
    expect(await readFile(join(hb, 'Recent', '26112901', 'HB.LOG'), 'utf8')).toMatch(/\|HB_VERIFY_FAILED\|/);

    // Hourly checks before the week is over do nothing; a week later it verifies (and alerts) again.
    time.fireNext();
    await vs.check();
    expect(smtp.mails).toHaveLength(1);
    time.advanceHours(7 * 24);
    time.fireNext();
    await vs.check();
    expect(smtp.mails).toHaveLength(2);
    await vs.stop();
  });

  it('intact backups: no e-mail; "all" verifies every successful backup; the verdicts say what matched', async () => {
    await lastRanWeekBefore('2026-11-30T03:00:00Z');
    const time = manualTime('2026-11-30T03:00:00Z');
    const { vs, status } = schedule(time, settings({ verifyWhich: 'all' }));
    await vs.start();
    expect(smtp.mails).toHaveLength(0);
    expect(status.get().warnings).toEqual([]);
    const { verdicts } = await readVerdicts(config);
    expect(verdicts.map((v) => [v.id, v.ok, v.summary]).sort()).toEqual([
      ['26112801', true, '3 entries in 3 volume(s) match MANIFEST.json'],
      ['26112901', true, '3 entries in 3 volume(s) match MANIFEST.json'],
    ]);
    await vs.stop();
  });

  it('waits while a HotBackup run is in progress; verifyEveryDays 0 turns it off', async () => {
    let busy = true;
    await damage('26112901', 'BACKUP.002', 1000);
    await lastRanWeekBefore('2026-11-30T03:00:00Z');
    const time = manualTime('2026-11-30T03:00:00Z');
    const { vs } = schedule(time, settings(), { busy: () => busy });
    await vs.start();
    expect((await readVerdicts(config)).verdicts).toEqual([]);
    busy = false;
    time.fireNext();
    await vs.check();
    expect(subjects()).toHaveLength(1);
    await vs.stop();

    const off = schedule(manualTime('2026-12-30T03:00:00Z'), settings({ verifyEveryDays: 0 }));
    await off.vs.start();
    expect(subjects()).toHaveLength(1);
    await off.vs.stop();
  });
});

describe('in the Director', () => {
  it('a damaged backup found at start is e-mailed and listed by vault.list with its verdict', async () => {
    await damage('26112901', 'BACKUP.002', 1000);
    await lastRanWeekBefore('2026-11-30T03:00:00Z');
    await writeFile(join(config, 'settings.json'), JSON.stringify(settings()));
    const time = manualTime('2026-11-30T03:00:00Z');
    const director = await createDirector({ configDir: config, home: root, platform: 'linux', lock: false, clock: time.clock, timer: time.timer, logger: silentLogger });
    try {
      await smtp.waitForMails(1);
      expect(subjects()[0]).toMatch(/^HotBackup 26112901 is damaged on .+ \(scheduled verify\)$/);
      const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
      const listed = await director.invoke('vault.list', {}, ctx);
      if (!listed.ok) throw new Error(listed.error.message);
      expect((listed.value as VaultListing).verifications).toEqual([expect.objectContaining({ id: '26112901', ok: false, scheduled: true })]);
      // A Verify pressed in the console is kept too (the Vault shows the last one of each backup).
      const pressed = await director.invoke('vault.verify', { id: '26112801' }, ctx);
      expect(pressed).toMatchObject({ ok: true, value: { ok: true } });
      expect((await readVerdicts(config)).verdicts.map((v) => [v.id, v.ok, v.scheduled])).toEqual([
        ['26112801', true, false],
        ['26112901', false, true],
      ]);
    } finally {
      await director.close();
    }
  });
});
