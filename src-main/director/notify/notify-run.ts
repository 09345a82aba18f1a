import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NotificationMessage, Settings } from '../../../shared/settings.js';
import { hbLogAppender } from '../../engine/index.js';
import type { NotifyDeps } from './notify-deps.js';
import { messageMatches, placeholderValues, renderMessage, warningsBlock, type EndedRun } from './render.js';
import { withRetry, type Attempted } from './retry.js';
import { MailError, serverWide, type MailFailure } from './smtp-errors.js';
import { sendMailOnce, smtpConfigFrom, type OutgoingMail, type SentMail, type SmtpConfig } from './smtp-send.js';

export const HB_LOG_FILE = 'HB.LOG';

/** How one message's sending ended. */
export interface SendReport {
  messageId: string;
  name: string;
  to: string[];
  ok: boolean;
  attempts: number;
  /** The server's answer, or the failure with host:port and the fix. */
  detail: string;
}

export interface NotifyResult {
  sends: SendReport[];
  /** For the status: one line per message that was not sent. The run's result never changes. */
  warnings: string[];
}

async function appendHbLog(deps: NotifyDeps, run: EndedRun, code: string, detail: string): Promise<void> {
  if (!run.backupPath) return;
  const file = join(run.backupPath, HB_LOG_FILE);
  try {
    await hbLogAppender(run.backupPath, deps.clock)(code, detail);
  } catch (err) {
    deps.logger.warn(`could not write ${code} to ${file}: ${(err as Error).message}`);
  }
}

async function readHbLog(run: EndedRun): Promise<Buffer | null> {
  if (!run.backupPath) return null;
  try {
    return await readFile(join(run.backupPath, HB_LOG_FILE));
  } catch {
    return null;
  }
}

type ServerState = { ok: true; config: SmtpConfig } | { ok: false; failure: MailFailure };

function openServer(deps: NotifyDeps, server: Settings['email']['server']): ServerState {
  try {
    return { ok: true, config: smtpConfigFrom(server, deps.secrets, deps.tls) };
  } catch (err) {
    const failure = err instanceof MailError ? err.failure : { kind: 'config' as const, transient: false, message: String(err) };
    return { ok: false, failure };
  }
}

function recipients(m: NotificationMessage): string {
  return [m.to.length ? `to ${m.to.join(', ')}` : '', m.cc.length ? `cc ${m.cc.join(', ')}` : ''].filter(Boolean).join(', ');
}

/**
 * Send every enabled message that matches how the run ended. Transient failures are retried
 * with backoff; each outcome goes to the run's HB.LOG and the Director log. Never throws:
 * a sending failure becomes a warning and never changes the run's result.
 */
export async function notifyRunEnded(deps: NotifyDeps, run: EndedRun): Promise<NotifyResult> {
  const result: NotifyResult = { sends: [], warnings: [] };
  try {
    const settings = deps.settings();
    const matching = settings.email.messages.filter((m) => messageMatches(m, run.result));
    for (const m of matching.filter((x) => x.to.length + x.cc.length === 0)) {
      result.warnings.push(`E-mail "${m.name}" was not sent: it has no recipients; add an address in the e-mail settings.`);
      await appendHbLog(deps, run, 'HB_MAIL_FAILED', `"${m.name}": no recipients`);
    }
    const due = matching.filter((m) => m.to.length + m.cc.length > 0);
    if (!due.length) return result;
    const values = placeholderValues(run, await deps.env());
    const log = due.some((m) => m.attachLog) ? await readHbLog(run) : null;

    let server = openServer(deps, settings.email.server);
    const where = `${settings.email.server.host}:${settings.email.server.port}`;

    for (const m of due) {
      const rendered = renderMessage(m, values);
      const mail: OutgoingMail = { to: m.to, cc: m.cc, subject: rendered.subject, text: rendered.body + warningsBlock(run.warnings) };
      if (m.attachLog && log) mail.attachments = [{ filename: run.id ? `HB-${run.id}.LOG` : HB_LOG_FILE, content: log }];
      else if (m.attachLog) mail.text += '\n\n(HB.LOG is not attached: the run ended before its backup folder was made.)';

      let attempt: Attempted<SentMail>;
      if (server.ok) {
        const config = server.config;
        attempt = await withRetry(() => sendMailOnce(config, mail), deps.retry);
        // When the server itself failed, the other messages would fail the same way: don't wait again.
        if (!attempt.ok && serverWide(attempt.failure.kind)) server = { ok: false, failure: attempt.failure };
      } else {
        attempt = { ok: false, failure: server.failure, attempts: 0 };
      }
      const label = `"${m.name}" ${recipients(m)}`;
      if (attempt.ok) {
        const detail = `${attempt.value.response}${attempt.attempts > 1 ? ` (attempt ${attempt.attempts})` : ''}`;
        result.sends.push({ messageId: m.id, name: m.name, to: m.to, ok: true, attempts: attempt.attempts, detail });
        await appendHbLog(deps, run, 'HB_MAIL_SENT', `${label} via ${where}: ${detail}`);
        deps.logger.info(`run ${run.id ?? '(unnamed)'}: e-mail ${label} sent via ${where}: ${detail}`);
      } else {
        const tries = attempt.attempts === 0 ? 'not tried' : `after ${attempt.attempts} attempt${attempt.attempts > 1 ? 's' : ''}`;
        const detail = `${attempt.failure.message} (${tries})`;
        result.sends.push({ messageId: m.id, name: m.name, to: m.to, ok: false, attempts: attempt.attempts, detail });
        result.warnings.push(`E-mail "${m.name}" was not sent: ${attempt.failure.message}`);
        await appendHbLog(deps, run, 'HB_MAIL_FAILED', `${label}: ${detail}`);
        deps.logger.warn(`run ${run.id ?? '(unnamed)'}: e-mail ${label} not sent: ${detail}`);
      }
    }
  } catch (err) {
    const message = `E-mail notification failed unexpectedly: ${(err as Error)?.message ?? String(err)}`;
    deps.logger.error(`run ${run.id ?? '(unnamed)'}: ${(err as Error)?.stack ?? message}`);
    result.warnings.push(message);
  }
  return result;
}
