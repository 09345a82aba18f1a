import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** A certificate for 127.0.0.1 / localhost made now with openssl (the one in smtp-server has expired). */
export function makeTestCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hb-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Who logged in, or null. */
  user: string | null;
  secure: boolean;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  /** How many connections arrived (to count retries). */
  connections: number;
  /** Resolves once `n` mails have arrived (no polling). */
  waitForMails(n: number): Promise<ReceivedMail[]>;
  /** Answer RCPT TO with this code from now on (null: accept). */
  refuseRecipients(code: number | null): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  security: 'none' | 'starttls' | 'tls';
  auth?: { user: string; pass: string };
  cert?: { key: string; cert: string };
  /** Answer RCPT TO with this SMTP code (e.g. 451 to test retries). */
  rcptCode?: number;
}

/** A real SMTP server on 127.0.0.1, port 0. */
export async function startTestSmtp(opts: TestSmtpOptions): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const state = { connections: 0, rcptCode: opts.rcptCode ?? null };
  const waiters: { n: number; resolve: (m: ReceivedMail[]) => void }[] = [];
  const arrived = () => {
    for (const w of waiters.filter((x) => mails.length >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(mails);
    }
  };
  const server = new SMTPServer({
    logger: false,
    secure: opts.security === 'tls',
    ...(opts.security === 'none' ? { disabledCommands: ['STARTTLS'] } : { key: opts.cert?.key, cert: opts.cert?.cert }),
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    onConnect(_session, cb) {
      state.connections++;
      cb();
    },
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, cb) {
      if (state.rcptCode) cb(Object.assign(new Error('Try again later'), { responseCode: state.rcptCode }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
        arrived();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    get connections() {
      return state.connections;
    },
    waitForMails: (n) =>
      new Promise((resolve) => {
        waiters.push({ n, resolve });
        arrived();
      }),
    refuseRecipients: (code) => {
      state.rcptCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function decode(headers: Record<string, string>, body: string): string {
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  }
  return body;
}

/** Just enough MIME to check what a user would see: headers, text, attachments. */
export function parseMime(raw: string): { headers: Record<string, string>; text: string; attachments: { filename: string; content: string }[] } {
  const split = (s: string): MimePart => {
    const at = s.indexOf('\r\n\r\n');
    const head = s.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
      const c = line.indexOf(':');
      if (c > 0) headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
    }
    return { headers, body: s.slice(at + 4) };
  };
  const top = split(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary) return { headers: top.headers, text: decode(top.headers, top.body), attachments: [] };
  const parts = top.body.split(`--${boundary}`).slice(1, -1).map((p) => split(p.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  let text = '';
  const attachments: { filename: string; content: string }[] = [];
  for (const p of parts) {
    const filename = /filename="?([^";]+)"?/.exec(p.headers['content-disposition'] ?? '')?.[1];
    if (filename) attachments.push({ filename, content: decode(p.headers, p.body) });
    else if (!text) text = decode(p.headers, p.body);
  }
  return { headers: top.headers, text, attachments };
}
