import type { NotifyTestOutput } from '../../../shared/notify.js';
import { HotBackupError } from '../../../shared/result.js';
import type { NotifyDeps } from './notify-deps.js';
import { MailError } from './smtp-errors.js';
import { sendMailOnce, smtpConfigFrom } from './smtp-send.js';

/**
 * Send one test e-mail with the saved server settings, once (no retry: the user is waiting).
 * Answers the server's reply, or throws HotBackupError with the cause naming host:port.
 */
export async function sendTestMail(deps: NotifyDeps, to?: string): Promise<NotifyTestOutput> {
  const server = deps.settings().email.server;
  const where = `${server.host}:${server.port}`;
  const recipient = to ?? server.fromAddress;
  if (!recipient) {
    throw new HotBackupError('BAD_INPUT', 'No address to send the test e-mail to: give one (hotbackup mail test --to you@example.com) or set the from address.');
  }
  try {
    const config = smtpConfigFrom(server, deps.secrets, deps.tls);
    const env = await deps.env();
    const sent = await sendMailOnce(config, {
      to: [recipient],
      cc: [],
      subject: `HotBackup test e-mail from ${env.host}`,
      text: [
        `This is a test e-mail from HotBackup on ${env.host}.`,
        `It was sent through ${where} (security: ${server.security}${server.username ? `, user ${server.username}` : ', no login'}).`,
        'If you can read it, backup notifications can reach you.',
        ...(env.consoleUrl ? ['', `Console: ${env.consoleUrl}`] : []),
      ].join('\n'),
    });
    deps.logger.info(`test e-mail to ${recipient} sent via ${where}: ${sent.response}`);
    return { to: recipient, server: where, response: sent.response, messageId: sent.messageId };
  } catch (err) {
    if (!(err instanceof MailError)) throw err;
    deps.logger.warn(`test e-mail to ${recipient} not sent: ${err.message}`);
    throw new HotBackupError(err.failure.kind === 'config' ? 'BAD_INPUT' : 'MAIL_FAILED', `Test e-mail not sent: ${err.message}`);
  }
}
