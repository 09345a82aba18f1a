import { request } from 'node:https';
import type { Role } from '../../../shared/roles.js';
import { pinnedTlsOptions, type Pin } from './peer-certificate.js';

/** `https://HOST:PORT` split for connecting; `key` (HOST:PORT) names the server in pins and messages. */
export function splitServerUrl(url: string): { host: string; port: number; key: string } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port), key: u.host };
}

/** The API of a Director on the network: wss://HOST:PORT/api from https://HOST:PORT. */
export function serverApiUrl(url: string): string {
  const { host, port } = splitServerUrl(url);
  return `wss://${host.includes(':') ? `[${host}]` : host}:${port}/api`;
}

/** POST JSON to a Director on the network, trusting exactly the pinned certificate. */
export function postToServer(url: string, path: string, body: unknown, pin: Pin, bearer?: string): Promise<{ status: number; body: Record<string, string> }> {
  const { host, port, key } = splitServerUrl(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path, method: 'POST', agent: false, ...pinnedTlsOptions(pin, key), headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += String(c)));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, string> });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: { error: text.slice(0, 200) } });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export type SignInResult = { ok: true; token: string; role: Role; expiresAt: string } | { ok: false; error: string };

/** Sign in to a Director on the network with an account and password: a session token. */
export async function signInToServer(url: string, pin: Pin, account: string, password: string): Promise<SignInResult> {
  const r = await postToServer(url, '/api/login', { name: account, password }, pin);
  if (r.status === 200 && r.body.token) return { ok: true, token: r.body.token, role: r.body.role as Role, expiresAt: r.body.expiresAt ?? '' };
  return { ok: false, error: r.body.error ?? `The Director answered HTTP ${r.status}.` };
}

/** End a session token from signInToServer; best effort, as the connection is closing anyway. */
export async function signOutOfServer(url: string, pin: Pin, token: string): Promise<void> {
  await postToServer(url, '/api/logout', {}, pin, token).catch(() => undefined);
}
