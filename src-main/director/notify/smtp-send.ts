import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import type { EmailServerSettings } from '../../../shared/settings.js';
import type { SecretBox } from './secret-box.js';
import { describeMailError, MailError, type ServerFacts } from './smtp-errors.js';

/** Everything needed to talk to the server, with the password opened (kept in memory only). */
export interface SmtpConfig extends ServerFacts {
  password: string | null;
  fromName: string;
  fromAddress: string;
  /** Extra TLS options, e.g. `{ ca }` to trust a private CA. */
  tls?: ConnectionOptions;
}

export interface OutgoingMail {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer }[];
}

export interface SentMail {
  response: string;
  messageId: string;
}

const configError = (message: string) => new MailError({ kind: 'config', transient: false, message });

/** Check the saved server settings and open the password; throws MailError('config') with the fix. */
export function smtpConfigFrom(server: EmailServerSettings, secrets: SecretBox, tls?: ConnectionOptions): SmtpConfig {
  if (!server.host.trim()) {
    throw configError('No SMTP server is set: enter the server host (e.g. smtp.example.com) in the e-mail settings (email.server.host).');
  }
  if (!server.fromAddress.trim()) {
    throw configError(`No from address is set for the SMTP server ${server.host}:${server.port}: enter one in the e-mail settings (email.server.fromAddress).`);
  }
  let password: string | null = null;
  if (server.passwordSealed !== null) {
    try {
      password = secrets.open(server.passwordSealed);
    } catch (err) {
      throw configError((err as Error).message);
    }
  }
  if (server.username && password === null) {
    throw configError(
      `The user name "${server.username}" is set for ${server.host}:${server.port} but no password: enter the password in the e-mail settings, or clear the user name if the server needs no login.`,
    );
  }
  const { passwordSealed: _sealed, ...facts } = server;
  return { ...facts, password, tls };
}

/** nodemailer options for one send; `none` means no TLS at all, `starttls` insists on it. */
export function transportOptions(c: SmtpConfig) {
  const ms = c.timeoutSeconds * 1000;
  return {
    host: c.host,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    auth: c.username ? { user: c.username, pass: c.password ?? '' } : undefined,
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms,
    tls: c.tls,
    // Never log the conversation (it would contain the AUTH exchange).
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** One attempt at sending one message; throws MailError describing the failure. */
export async function sendMailOnce(c: SmtpConfig, mail: OutgoingMail): Promise<SentMail> {
  const transport = nodemailer.createTransport(transportOptions(c));
  try {
    const info = await transport.sendMail({
      from: { name: c.fromName, address: c.fromAddress },
      to: mail.to,
      cc: mail.cc.length ? mail.cc : undefined,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments,
    });
    return { response: String(info.response ?? '').trim(), messageId: String(info.messageId ?? '') };
  } catch (err) {
    throw new MailError(describeMailError(err, c));
  } finally {
    transport.close();
  }
}
