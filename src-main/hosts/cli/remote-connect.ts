import { CertificateChangedError, fetchPeerCertificate, type Pin } from '../client/peer-certificate.js';
import { postToServer, serverApiUrl, signOutOfServer, splitServerUrl } from '../client/server-client.js';
import { connectWs } from '../client/ws-client.js';
import { askYes } from './ask-yes.js';
import type { Connection } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import type { ServerOptions } from './global-options.js';
import { pin as savePin, pinnedFor } from './known-servers.js';
import { promptHidden, readStdinLine } from './read-password.js';

/** `https://HOST:PORT` → `HOST:PORT` (the key pins are kept under). */
export function serverKey(url: string): { host: string; port: number; key: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`--server "${url}" is not an address: use https://HOST:PORT (e.g. https://office-server:8765).`, EXIT.BAD_INPUT);
  }
  if (u.protocol !== 'https:' || !u.port) throw new CliError(`--server "${url}": use https://HOST:PORT; a Director on the network speaks HTTPS only.`, EXIT.BAD_INPUT);
  return splitServerUrl(url);
}

/** The pin for a server: the one kept, or on first connection the one shown and confirmed (or given with --fingerprint). */
async function trustedPin(configDir: string, opts: ServerOptions): Promise<Pin> {
  const { host, port, key } = serverKey(opts.url);
  const kept = await pinnedFor(configDir, key);
  const presented = await fetchPeerCertificate(host, port).catch((err: Error) => {
    throw new CliError(err.message, EXIT.NO_DIRECTOR);
  });
  if (kept) {
    if (kept.fingerprint !== presented.fingerprint) throw new CliError(new CertificateChangedError(key, kept.fingerprint, presented.fingerprint).message, EXIT.NOT_ALLOWED);
    return kept;
  }
  const expected = opts.fingerprint?.toUpperCase();
  if (expected && expected !== presented.fingerprint) {
    throw new CliError(`${key} presents SHA-256 ${presented.fingerprint}, not the ${expected} you gave with --fingerprint. Nothing was sent; check with the administrator.`, EXIT.NOT_ALLOWED);
  }
  process.stderr.write(`${key} presents a certificate with SHA-256 fingerprint\n  ${presented.fingerprint}\nCompare it with the one the Director printed at start (About in its console).\n`);
  if (!expected && !(await askYes('Trust it and remember it for this server? [y/N] '))) {
    throw new CliError(`Not connected: ${key} is not trusted yet. Run again on a terminal to confirm, or pass --fingerprint ${presented.fingerprint} after comparing it.`, EXIT.NOT_ALLOWED);
  }
  await savePin(configDir, key, presented);
  process.stderr.write(`Pinned ${key}. A different certificate will be refused.\n`);
  return presented;
}

/** The password: HOTBACKUP_PASSWORD, standard input, or asked on the terminal. */
async function passwordFor(opts: ServerOptions, account: string): Promise<string> {
  if (opts.passwordStdin) return readStdinLine();
  if (process.env.HOTBACKUP_PASSWORD) return process.env.HOTBACKUP_PASSWORD;
  return promptHidden(`Password for ${account} on ${serverKey(opts.url).key}: `);
}

/** Connect to a Director on another machine over TLS, pinned, signed in with an account or an API token. */
export async function connectServer(configDir: string, opts: ServerOptions): Promise<Connection> {
  const p = await trustedPin(configDir, opts);
  const { key } = serverKey(opts.url);
  let bearer = opts.token ?? process.env.HOTBACKUP_TOKEN;
  let session: string | null = null;
  if (!bearer) {
    const account = opts.account ?? process.env.HOTBACKUP_ACCOUNT;
    if (!account) throw new CliError(`Sign in to ${key}: give --account NAME (password from a prompt, --password-stdin or HOTBACKUP_PASSWORD), or an API token in HOTBACKUP_TOKEN.`, EXIT.BAD_INPUT);
    const password = await passwordFor(opts, account);
    const r = await postToServer(opts.url, '/api/login', { name: account, password }, p).catch((err: Error) => {
      throw new CliError(err instanceof CertificateChangedError ? err.message : `Cannot sign in to ${key}: ${err.message}`, err instanceof CertificateChangedError ? EXIT.NOT_ALLOWED : EXIT.NO_DIRECTOR);
    });
    if (r.status !== 200) throw new CliError(`${key} refused the sign-in as ${account}: ${r.body.error ?? `HTTP ${r.status}`}`, EXIT.NOT_ALLOWED);
    bearer = session = r.body.token!;
  }
  const client = await connectWs(serverApiUrl(opts.url), { bearer, pin: p }).catch((err: Error) => {
    throw new CliError(err instanceof CertificateChangedError ? err.message : `${key} did not accept the connection: ${err.message}`, err instanceof CertificateChangedError || /not signed in/.test(err.message) ? EXIT.NOT_ALLOWED : EXIT.NO_DIRECTOR);
  });
  return {
    bridge: client,
    remote: true,
    close: async () => {
      client.close();
      if (session) await signOutOfServer(opts.url, p, session);
    },
  };
}
