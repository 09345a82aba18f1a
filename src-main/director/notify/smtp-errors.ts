/** What went wrong talking to the SMTP server, in words an administrator can act on. */
export type MailFailureKind = 'config' | 'refused' | 'timeout' | 'dns' | 'tls' | 'auth' | 'rejected' | 'connection' | 'other';

export interface MailFailure {
  kind: MailFailureKind;
  /** Worth trying again later (server down, busy, network). */
  transient: boolean;
  /** The failure with the server's host:port, the cause and what to do. */
  message: string;
}

/** A send that failed, carrying the described failure. */
export class MailError extends Error {
  override name = 'MailError';
  constructor(readonly failure: MailFailure) {
    super(failure.message);
  }
}

export interface ServerFacts {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  timeoutSeconds: number;
}

/** Failures that concern the server as a whole: the next message to the same server would fail the same way. */
export const serverWide = (kind: MailFailureKind): boolean =>
  kind === 'config' || kind === 'refused' || kind === 'timeout' || kind === 'dns' || kind === 'tls' || kind === 'auth' || kind === 'connection';

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;
const TLS_TEXT = /SSL routines|wrong version number|certificate|TLS|handshake/i;

interface NodemailerLike {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Turn a nodemailer error into a MailFailure naming host:port. Pure: table-tested. */
export function describeMailError(err: unknown, s: ServerFacts): MailFailure {
  if (err instanceof MailError) return err.failure;
  const e = (err ?? {}) as NodemailerLike;
  const where = `${s.host}:${s.port}`;
  const text = (e.message ?? String(err)).trim().replace(/\s+/g, ' ');
  const code = e.code ?? '';
  const original = e.originalCode ?? '';
  const answer = e.response ? `the server said "${e.response.trim()}"` : text;
  const fail = (kind: MailFailureKind, transient: boolean, message: string): MailFailure => ({ kind, transient, message });

  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return fail('auth', false,
      `The SMTP server ${where} refused the login${s.username ? ` of user "${s.username}"` : ''}: authentication failed (${answer}). ` +
        'Check the user name and password in the e-mail settings.');
  }
  if (e.responseCode === 530 || (e.responseCode === 550 && /auth/i.test(e.response ?? ''))) {
    return fail('auth', false,
      `The SMTP server ${where} requires a login (${answer}). Set the user name and password in the e-mail settings.`);
  }
  if (code === 'ETLS' || TLS_CODES.test(original) || (code === 'ESOCKET' && TLS_TEXT.test(text))) {
    const hint = s.security === 'tls'
      ? 'Check that the port speaks TLS from the start (usually 465); for port 587 choose STARTTLS'
      : s.security === 'starttls'
        ? 'Check that the server offers STARTTLS on this port (usually 587); for port 465 choose TLS'
        : 'Check the security setting';
    return fail('tls', false,
      `TLS failure with the SMTP server ${where}: ${text}. ${hint}, and that the server's certificate is valid for "${s.host}" and trusted by this computer.`);
  }
  if (original === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) {
    return fail('refused', true,
      `Cannot connect to the SMTP server ${where}: connection refused. Check the host and port (usually 587 for STARTTLS, 465 for TLS, 25 for none) and that the server is running.`);
  }
  if (code === 'ETIMEDOUT' || original === 'ETIMEDOUT') {
    const hint = s.security !== 'tls' && /greeting/i.test(text) ? ' If the server expects TLS from the start (usually port 465), set security to TLS.' : '';
    return fail('timeout', true,
      `The SMTP server ${where} did not answer within ${s.timeoutSeconds} s (timeout: ${text}). Check the host, port and firewall, or raise the timeout.${hint}`);
  }
  if (code === 'EDNS' || original === 'ENOTFOUND' || original === 'EAI_AGAIN') {
    return fail('dns', true, `Cannot find the SMTP server "${s.host}" (port ${s.port}): ${text}. Check the host name and this computer's network.`);
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    const transient = e.responseCode < 500;
    const what = code === 'EENVELOPE' ? 'refused the sender or a recipient' : 'refused the message';
    return fail('rejected', transient,
      `The SMTP server ${where} ${what} (${answer}). ${transient ? 'It may accept it later.' : 'Check the from address and the recipients.'}`);
  }
  if (code === 'ECONNECTION' || code === 'ESOCKET' || /ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH/.test(`${original} ${text}`)) {
    return fail('connection', true, `The connection to the SMTP server ${where} failed: ${text}. Check the network and the server.`);
  }
  return fail('other', false, `Sending through the SMTP server ${where} failed: ${text}`);
}
