// "Connect to a HotBackup server": the desktop console of a workstation joins the office
// Director over TLS instead of embedding one. No electron import: the shell wires it, tests
// drive it against a real Director on a network address.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Role } from '../../../shared/roles.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { fetchPeerCertificate, type Pin } from '../client/peer-certificate.js';
import { serverApiUrl, signInToServer, signOutOfServer, splitServerUrl } from '../client/server-client.js';
import { connectWs, type WsClient } from '../client/ws-client.js';

/** The server this console connects to, remembered in the config directory (versioned). */
export const SERVER_FILE = 'console-server.json';
const RememberedServer = z.object({
  version: z.literal(1),
  url: z.string(),
  account: z.string(),
  pin: z.object({ fingerprint: z.string(), cert: z.string() }),
});
export type RememberedServer = z.infer<typeof RememberedServer>;

export async function loadRememberedServer(configDir: string): Promise<RememberedServer | null> {
  const text = await readFile(join(configDir, SERVER_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = RememberedServer.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export async function rememberServer(configDir: string, s: Omit<RememberedServer, 'version'>): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFileAtomic(join(configDir, SERVER_FILE), JSON.stringify({ version: 1, ...s }, null, 2) + '\n', 0o600);
}

/** Back to embedding a Director on this PC. */
export async function forgetServer(configDir: string): Promise<void> {
  await rm(join(configDir, SERVER_FILE), { force: true });
}

/** What the person types (`server`, `server:8765`, `https://server:8765`) as https://HOST:PORT. */
export function normalizeServerAddress(text: string, defaultPort = 8765): string {
  const t = text.trim();
  if (!t) throw new Error('Type the server\'s address, e.g. office-server:8765.');
  if (/^http:\/\//i.test(t)) throw new Error('A HotBackup Director on the network speaks HTTPS only: use https:// (or just SERVER:PORT).');
  const u = new URL(/^https:\/\//i.test(t) ? t : `https://${t}`);
  return `https://${u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname}:${u.port || defaultPort}`;
}

/** Step 1: the certificate the server presents, for the person to compare before anything is sent. */
export async function probeServer(address: string): Promise<{ url: string; server: string; pin: Pin }> {
  const url = normalizeServerAddress(address);
  const { host, port, key } = splitServerUrl(url);
  return { url, server: key, pin: await fetchPeerCertificate(host, port) };
}

export interface ServerLink {
  mode: 'server';
  url: string;
  account: string;
  role: Role;
  /** What the window loads: the server's web console, already signed in with this session. */
  consoleUrl: string;
  pin: Pin;
  bridge: WsClient;
  lost: Promise<void>;
  close(): Promise<void>;
}

/** Step 2 (after the fingerprint was confirmed): sign in, open the link, and remember the server. */
export async function connectToServer(opts: { configDir: string; url: string; pin: Pin; account: string; password: string }): Promise<ServerLink> {
  const signedIn = await signInToServer(opts.url, opts.pin, opts.account, opts.password);
  if (!signedIn.ok) throw new Error(signedIn.error);
  const bridge = await connectWs(serverApiUrl(opts.url), { bearer: signedIn.token, pin: opts.pin });
  await rememberServer(opts.configDir, { url: opts.url, account: opts.account, pin: opts.pin });
  return {
    mode: 'server',
    url: opts.url,
    account: opts.account,
    role: signedIn.role,
    consoleUrl: `${opts.url}/#token=${encodeURIComponent(signedIn.token)}`,
    pin: opts.pin,
    bridge,
    lost: bridge.closed,
    close: async () => {
      bridge.close();
      await signOutOfServer(opts.url, opts.pin, signedIn.token);
    },
  };
}

/** Electron's form of a certificate fingerprint (`sha256/<base64>`) from ours (`AB:CD:…`). */
export function electronFingerprint(fingerprint: string): string {
  return `sha256/${Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64')}`;
}

/**
 * The window's certificate check (Electron setCertificateVerifyProc): the connected server's
 * host trusts exactly its pinned certificate (0 accept, -2 refuse); other hosts keep Chromium's verdict (-3).
 */
export function certificateDecision(req: { hostname: string; certificate: { fingerprint: string } }, server: { url: string; pin: Pin }): 0 | -2 | -3 {
  if (req.hostname.replace(/^\[|\]$/g, '') !== splitServerUrl(server.url).host) return -3;
  return req.certificate.fingerprint === electronFingerprint(server.pin.fingerprint) ? 0 : -2;
}
