import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, Settings, type NotificationMessage } from '../../../shared/settings.js';
import type { Logger } from '../../base/logger.js';
import type { NotifyDeps } from './notify-deps.js';
import { notifyRunEnded } from './notify-run.js';
import type { EndedRun } from './render.js';
import { createHeadlessSecretBox } from './secret-box.js';
import { makeTestCertificate, parseMime, startTestSmtp, type TestSmtpServer } from './testing/smtp-fixture.js';

const PASSWORD = 'pa55-w0rd-secret';
let cert: { key: string; cert: string };
let dir: string;
const servers: TestSmtpServer[] = [];

beforeAll(() => {
  cert = makeTestCertificate();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const message = (over: Partial<NotificationMessage>): NotificationMessage => ({
  id: 'm', name: 'Message', enabled: true, when: 'always', to: ['admin@example.com'], cc: [],
  subject: 'Backup {{id}}: {{result}}', body: 'Backup {{id}} {{result}}', attachLog: false, ...over,
});

const messages = [
  message({
    id: 'fail', name: 'Failure alert', when: 'failure', cc: ['boss@example.com'], attachLog: true,
    subject: 'HotBackup {{id}} {{result}} on {{host}}',
    body: 'Run {{id}} ({{trigger}} by {{user}} for {{task}}) {{result}} in phase {{phase}}: {{error}}\nStarted {{started}}, ended {{ended}}, took {{duration}}.\nFolder: {{folder}}\nConsole: {{consoleUrl}}',
  }),
  message({ id: 'ok', name: 'Success note', when: 'success', subject: 'OK {{id}}: {{files}} files, {{size}}' }),
  message({ id: 'all', name: 'Every run', when: 'always', subject: 'Run {{id}} {{result}}' }),
  message({ id: 'off', name: 'Disabled', enabled: false, when: 'always', subject: 'never' }),
];

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`INFO ${m}`), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`) };
}

async function setup(security: 'none' | 'starttls' | 'tls', port: number, opts: { tls?: NotifyDeps['tls'] } = {}) {
  dir = await mkdtemp(join(tmpdir(), 'hb-notify-'));
  const secrets = createHeadlessSecretBox(join(dir, 'config'));
  const settings = Settings.parse(defaultSettings('linux', dir));
  settings.email.server = {
    ...settings.email.server, host: '127.0.0.1', port, security, username: 'backup', passwordSealed: secrets.seal(PASSWORD),
    fromAddress: 'hotbackup@example.com', timeoutSeconds: 5,
  };
  settings.email.messages = messages;
  const waits: number[] = [];
  const logger = recordingLogger();
  const deps: NotifyDeps = {
    settings: () => settings, secrets, logger, clock: () => new Date('2026-11-26T09:00:00Z'),
    env: async () => ({ host: 'office-server', consoleUrl: 'http://127.0.0.1:8080/' }),
    retry: { delaysMs: [100, 200], delay: async (ms) => void waits.push(ms) },
    tls: opts.tls ?? { ca: [cert.cert] },
  };
  return { deps, settings, waits, logger };
}

async function backupFolder(sub: 'Recent' | 'Failed', id: string): Promise<string> {
  const p = join(dir, 'HotBackup', sub, id);
  await mkdir(p, { recursive: true });
  await writeFile(join(p, 'HB.LOG'), `2026-11-26T10:00:00.000+01:00|HB_START|${id}\n2026-11-26T10:00:01.000+01:00|HB_PLAN|3 files\n`);
  return p;
}

const run = (over: Partial<EndedRun>): EndedRun => ({
  id: '26112601', result: 'Succeeded', trigger: 'On Demand', user: 'alice', task: 'Month end', startedAt: '2026-11-26T10:00:00.000+01:00',
  endedAt: '2026-11-26T10:02:05.000+01:00', error: null, failedPhase: null, files: 3, bytes: 2048, backupPath: null, ...over,
});

describe('notifyRunEnded against a real SMTP server', () => {
  it.each(['starttls', 'tls'] as const)('%s with AUTH: a failed run sends the failure message with placeholders filled and HB.LOG attached', async (security) => {
    const server = await startTestSmtp({ security, auth: { user: 'backup', pass: PASSWORD }, cert });
    servers.push(server);
    const { deps } = await setup(security, server.port);
    const path = await backupFolder('Failed', '26112601');
    const log = await readFile(join(path, 'HB.LOG'), 'utf8');

    const result = await notifyRunEnded(deps, run({
      result: 'Failed', error: 'disk full on /backup', failedPhase: 'Streaming Files', files: null, bytes: null, backupPath: path,
    }));

    expect(result.warnings).toEqual([]);
    expect(server.mails.map((m) => parseMime(m.raw).headers.subject).sort()).toEqual(['HotBackup 26112601 Failed on office-server', 'Run 26112601 Failed']);
    const mail = server.mails.find((m) => parseMime(m.raw).headers.subject?.startsWith('HotBackup'))!;
    expect(mail.user).toBe('backup');
    expect(mail.secure).toBe(true);
    expect(mail.to).toEqual(['admin@example.com', 'boss@example.com']);
    const parsed = parseMime(mail.raw);
    expect(parsed.headers.from).toBe('HotBackup <hotbackup@example.com>');
    expect(parsed.text).toContain('Run 26112601 (On Demand by alice for Month end) Failed in phase Streaming Files: disk full on /backup');
    expect(parsed.text).toContain('Started 2026-11-26 10:00:00 +01:00, ended 2026-11-26 10:02:05 +01:00, took 2 min 5 s.');
    expect(parsed.text).toContain(`Folder: ${path}`);
    expect(parsed.text).toContain('Console: http://127.0.0.1:8080/');
    expect(parsed.text).not.toMatch(/\{\{/);
    expect(parsed.attachments).toEqual([{ filename: 'HB-26112601.LOG', content: log }]);

    const after = await readFile(join(path, 'HB.LOG'), 'utf8');
    expect(after.match(/\|HB_MAIL_SENT\|/g)).toHaveLength(2);
    expect(after).toMatch(/\|HB_MAIL_SENT\|"Failure alert" to admin@example.com, cc boss@example.com via 127\.0\.0\.1:\d+: 250 /);
    expect(after).not.toContain(PASSWORD);
  });

  it('a successful run sends only success and always messages; a disabled message is never sent', async () => {
    const server = await startTestSmtp({ security: 'starttls', auth: { user: 'backup', pass: PASSWORD }, cert });
    servers.push(server);
    const { deps } = await setup('starttls', server.port);
    const path = await backupFolder('Recent', '26112601');
    const result = await notifyRunEnded(deps, run({ backupPath: path, files: 18342, bytes: 4_831_838_208 }));
    expect(result.warnings).toEqual([]);
    expect(result.sends.map((s) => s.messageId).sort()).toEqual(['all', 'ok']);
    expect(server.mails.map((m) => parseMime(m.raw).headers.subject).sort()).toEqual(['OK 26112601: 18342 files, 4.5 GB', 'Run 26112601 Succeeded']);
  });

  it("the run's warnings (a run history that could not be written) are added below the body of every message", async () => {
    const server = await startTestSmtp({ security: 'starttls', auth: { user: 'backup', pass: PASSWORD }, cert });
    servers.push(server);
    const { deps } = await setup('starttls', server.port);
    const path = await backupFolder('Recent', '26112601');
    const warning = 'The run history /etc/hb/run-history.jsonl could not record its end (the drive is read-only); the backup itself is not affected.';
    await notifyRunEnded(deps, run({ backupPath: path, warnings: [warning] }));
    expect(server.mails).toHaveLength(2);
    for (const m of server.mails) {
      const text = parseMime(m.raw).text.replace(/\r\n/g, '\n');
      expect(text).toMatch(/^Backup 26112601 Succeeded\n\nWarnings:\n- The run history/);
      expect(text.replace(/\s+/g, ' ')).toContain(warning);
    }
  });

  it('server down: the send is retried with backoff, HB.LOG and the Director log record the failure, and a warning is returned', async () => {
    const server = await startTestSmtp({ security: 'none' });
    const port = server.port;
    await server.close(); // nothing listens there any more
    const { deps, waits, logger } = await setup('none', port);
    const path = await backupFolder('Recent', '26112601');

    const result = await notifyRunEnded(deps, run({ backupPath: path }));

    expect(waits).toEqual([100, 200]); // the first message: 3 attempts; the second is not retried against a dead server
    expect(result.sends.map((s) => [s.messageId, s.ok, s.attempts])).toEqual([['ok', false, 3], ['all', false, 0]]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toBe(`E-mail "Success note" was not sent: Cannot connect to the SMTP server 127.0.0.1:${port}: connection refused. Check the host and port (usually 587 for STARTTLS, 465 for TLS, 25 for none) and that the server is running.`);
    const hb = await readFile(join(path, 'HB.LOG'), 'utf8');
    expect(hb).toMatch(new RegExp(`\\|HB_MAIL_FAILED\\|"Success note" to admin@example.com: Cannot connect to the SMTP server 127\\.0\\.0\\.1:${port}: connection refused.* \\(after 3 attempts\\)\\n`));
    expect(hb).toMatch(/\|HB_MAIL_FAILED\|"Every run" to admin@example.com: .*\(not tried\)\n/);
    expect(logger.lines.filter((l) => l.startsWith('WARN') && l.includes('not sent'))).toHaveLength(2);
    expect([hb, ...logger.lines].join('\n')).not.toContain(PASSWORD);
  });

  it('a temporary refusal (451) is retried and the message goes out once the server accepts it', async () => {
    const server = await startTestSmtp({ security: 'none', rcptCode: 451 });
    servers.push(server);
    const { deps, settings, waits } = await setup('none', server.port);
    settings.email.server.username = '';
    settings.email.messages = [message({ id: 'all', name: 'Every run' })];
    deps.retry.delay = async (ms) => {
      waits.push(ms);
      if (waits.length === 2) server.refuseRecipients(null);
    };
    const result = await notifyRunEnded(deps, run({}));
    expect(waits).toEqual([100, 200]);
    expect(result.warnings).toEqual([]);
    expect(result.sends).toMatchObject([{ ok: true, attempts: 3 }]);
    expect(result.sends[0]!.detail).toMatch(/^250 .*\(attempt 3\)$/);
    expect(server.mails).toHaveLength(1);
  });

  it('a permanent refusal (550) is not retried', async () => {
    const server = await startTestSmtp({ security: 'none', rcptCode: 550 });
    servers.push(server);
    const { deps, settings, waits } = await setup('none', server.port);
    settings.email.server.username = '';
    settings.email.messages = [message({ id: 'all', name: 'Every run' })];
    const result = await notifyRunEnded(deps, run({}));
    expect(waits).toEqual([]);
    expect(result.warnings[0]).toContain(`The SMTP server 127.0.0.1:${server.port} refused the sender or a recipient`);
  });

  it('a run that failed before its folder existed still sends, and says HB.LOG is not attached', async () => {
    const server = await startTestSmtp({ security: 'starttls', auth: { user: 'backup', pass: PASSWORD }, cert });
    servers.push(server);
    const { deps } = await setup('starttls', server.port);
    const result = await notifyRunEnded(deps, run({ id: null, result: 'Failed', error: 'no data directories', failedPhase: 'Initializing', backupPath: null }));
    expect(result.warnings).toEqual([]);
    const failure = server.mails.map((m) => parseMime(m.raw)).find((m) => m.headers.subject?.startsWith('HotBackup'))!;
    expect(failure.attachments).toEqual([]);
    expect(failure.text).toContain('in phase Initializing: no data directories');
    expect(failure.text).toContain('HB.LOG is not attached');
  });

  it('an untrusted self-signed certificate is a TLS failure naming host:port, not retried', async () => {
    const server = await startTestSmtp({ security: 'tls', auth: { user: 'backup', pass: PASSWORD }, cert });
    servers.push(server);
    const { deps, waits } = await setup('tls', server.port, { tls: {} });
    const result = await notifyRunEnded(deps, run({}));
    expect(waits).toEqual([]);
    expect(server.mails).toEqual([]);
    expect(result.warnings[0]).toContain(`TLS failure with the SMTP server 127.0.0.1:${server.port}: self-signed certificate`);
  });
});

