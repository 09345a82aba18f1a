import type { Settings } from '../../../shared/settings.js';
import type { NotifyDeps } from '../notify/notify-deps.js';
import { withRetry } from '../notify/retry.js';
import { MailError } from '../notify/smtp-errors.js';
import { sendMailOnce, smtpConfigFrom } from '../notify/smtp-send.js';

/** Alerts go to everyone who gets the failure e-mails: enabled messages sent on failure or always. */
export function alertRecipients(settings: Settings): { to: string[]; cc: string[] } {
  const messages = settings.email.messages.filter((m) => m.enabled && m.when !== 'success');
  const to = [...new Set(messages.flatMap((m) => m.to))];
  const cc = [...new Set(messages.flatMap((m) => m.cc))].filter((a) => !to.includes(a));
  return { to, cc };
}

/**
 * Send one alert e-mail through the configured server (retried like run e-mails).
 * Never throws: returns null when sent, else the warning to show.
 */
export async function sendAlertMail(deps: NotifyDeps, mail: { subject: string; body: string }): Promise<string | null> {
  const settings = deps.settings();
  const { to, cc } = alertRecipients(settings);
  if (to.length + cc.length === 0) {
    return `Alert e-mail "${mail.subject}" was not sent: no enabled e-mail message is sent on failure; add one with a recipient in the e-mail settings.`;
  }
  let config;
  try {
    config = smtpConfigFrom(settings.email.server, deps.secrets, deps.tls);
  } catch (err) {
    return `Alert e-mail "${mail.subject}" was not sent: ${err instanceof MailError ? err.failure.message : (err as Error).message}`;
  }
  const sent = await withRetry(() => sendMailOnce(config, { to, cc, subject: mail.subject, text: mail.body }), deps.retry);
  if (sent.ok) {
    deps.logger.info(`alert e-mail "${mail.subject}" sent to ${[...to, ...cc].join(', ')}: ${sent.value.response}`);
    return null;
  }
  deps.logger.warn(`alert e-mail "${mail.subject}" not sent: ${sent.failure.message}`);
  return `Alert e-mail "${mail.subject}" was not sent: ${sent.failure.message}`;
}
