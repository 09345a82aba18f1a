import { z } from 'zod';
import type { PublicSettings, SettingsPatch } from '../../shared/settings.js';

export type Security = 'none' | 'starttls' | 'tls';

/** The usual port of each security choice (SMTP, submission with STARTTLS, SMTPS). */
export const defaultPorts: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };

export const securityLabels: Record<Security, string> = {
  none: 'None (unencrypted)',
  starttls: 'STARTTLS',
  tls: 'TLS (SSL)',
};

/** The port follows the security choice while it is empty or one of the usual ports; a port the admin typed is kept. */
export function portAfterSecurityChange(port: string, to: Security): string {
  const p = port.trim();
  const usual = Object.values(defaultPorts).map(String);
  return p === '' || usual.includes(p) ? String(defaultPorts[to]) : port;
}

export interface EmailServerForm {
  host: string;
  port: string;
  security: Security;
  username: string;
  /** Typed new password; empty = keep the saved one. */
  password: string;
  /** Remove the saved password. */
  clearPassword: boolean;
  fromName: string;
  fromAddress: string;
  timeoutSeconds: string;
}
export type EmailServerErrors = Partial<Record<keyof EmailServerForm, string>>;

type Server = PublicSettings['email']['server'];

export const emailServerFormFrom = (s: Server): EmailServerForm => ({
  host: s.host,
  port: String(s.port),
  security: s.security,
  username: s.username,
  password: '',
  clearPassword: false,
  fromName: s.fromName,
  fromAddress: s.fromAddress,
  timeoutSeconds: String(s.timeoutSeconds),
});

const isEmail = (s: string) => z.email().safeParse(s).success;
const wholeIn = (text: string, min: number, max: number): number | null => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/** Check the Configure E-mail Server dialog: the `email.server` patch to save, or a message per wrong field. */
export function checkEmailServerForm(
  form: EmailServerForm,
  passwordSet: boolean,
): { patch: SettingsPatch | null; errors: EmailServerErrors } {
  const errors: EmailServerErrors = {};
  const host = form.host.trim();
  if (host === '') errors.host = 'No SMTP server is given: enter its name, e.g. smtp.example.com (ask your e-mail provider).';
  else if (/^[a-z]+:\/\//i.test(host)) errors.host = `"${host}" is an address, not a server name: enter the name only, e.g. smtp.example.com.`;
  else if (/:\d+$/.test(host)) errors.host = `"${host}" includes a port: enter the server name here and the port in the Port field.`;
  else if (/\s/.test(host)) errors.host = `"${host}" contains spaces: a server name has none, e.g. smtp.example.com.`;

  const port = wholeIn(form.port, 1, 65535);
  if (port === null) {
    errors.port = `Port "${form.port.trim()}" is not a port number: enter a whole number from 1 to 65535 (usually ${defaultPorts[form.security]} with ${securityLabels[form.security]}).`;
  }
  const timeout = wholeIn(form.timeoutSeconds, 1, 300);
  if (timeout === null) errors.timeoutSeconds = `Timeout "${form.timeoutSeconds.trim()}" is not allowed: enter a whole number of seconds from 1 to 300.`;

  const from = form.fromAddress.trim();
  if (from === '') errors.fromAddress = 'No from address is given: enter the address the e-mails come from, e.g. backup@example.com.';
  else if (!isEmail(from)) errors.fromAddress = `"${from}" is not an e-mail address: use the form name@example.com.`;

  const username = form.username.trim();
  const willHavePassword = form.password !== '' || (passwordSet && !form.clearPassword);
  if (username !== '' && !willHavePassword) {
    errors.password = `The user name "${username}" needs a password: enter it, or clear the user name if the server needs no login.`;
  }
  if (Object.keys(errors).length) return { patch: null, errors };

  const server: NonNullable<NonNullable<SettingsPatch['email']>['server']> = {
    host,
    port: port!,
    security: form.security,
    username,
    fromName: form.fromName.trim(),
    fromAddress: from,
    timeoutSeconds: timeout!,
  };
  // The password is write-only: sent only when typed (or removed), never read back.
  if (form.password !== '') server.password = form.password;
  else if (form.clearPassword) server.password = null;
  return { patch: { email: { server } }, errors };
}

/** "Send test e-mail" to: empty means the from address. */
export function testRecipientProblem(to: string): string | null {
  const t = to.trim();
  if (t === '' || isEmail(t)) return null;
  return `"${t}" is not an e-mail address: use the form name@example.com, or leave it empty to send to the from address.`;
}

/** "email.server.fromAddress: …" from the Director → the field it names. */
export function emailServerErrorsFromDirector(message: string): EmailServerErrors {
  const errors: EmailServerErrors = {};
  for (const part of message.replace(/^Settings not saved: /, '').split('; ')) {
    const m = /^email\.server\.(host|port|security|username|password|fromName|fromAddress|timeoutSeconds): (.*)$/.exec(part);
    if (m) errors[m[1] as keyof EmailServerForm] = m[2];
  }
  return errors;
}
