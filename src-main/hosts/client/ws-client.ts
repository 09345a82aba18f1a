import WebSocket from 'ws';
import type { Bridge, RequestName, RequestOutput } from '../../../shared/contract.js';
import { createRequestCore } from '../../../shared/request-core.js';
import type { Result } from '../../../shared/result.js';
import { pinnedTlsOptions, type Pin } from './peer-certificate.js';

export interface ConnectWsOptions {
  origin?: string;
  /** A session or API token, sent as `Authorization: Bearer`. */
  bearer?: string;
  /** For wss://: trust exactly this certificate. */
  pin?: Pin;
}

export interface WsClient extends Bridge {
  close(): void;
  /** Resolves when the connection drops (Director stopped). */
  readonly closed: Promise<void>;
}

/** A Node client of the Director's WebSocket API (used by the CLI, tests and a console that joins a headless Director). */
export async function connectWs(apiUrl: string, opts: ConnectWsOptions = {}): Promise<WsClient> {
  const ws = new WebSocket(apiUrl, {
    ...(opts.origin ? { origin: opts.origin } : {}),
    ...(opts.bearer ? { headers: { Authorization: `Bearer ${opts.bearer}` } } : {}),
    ...(opts.pin ? pinnedTlsOptions(opts.pin, new URL(apiUrl).host) : {}),
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(
        new Error(
          res.statusCode === 401
            ? 'The Director refused the connection: not signed in (wrong, expired or revoked credential).'
            : `The Director refused the connection: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
        ),
      ),
    );
    ws.once('error', reject);
  });
  const core = createRequestCore();
  const closed = new Promise<void>((resolve) =>
    ws.once('close', () => {
      core.failAll('The connection to the Director was lost.');
      resolve();
    }),
  );
  ws.on('message', (data) => core.receive(data.toString()));
  return {
    closed,
    close: () => ws.close(),
    invoke<K extends RequestName>(name: K, input: unknown): Promise<Result<RequestOutput<K>>> {
      if (ws.readyState !== WebSocket.OPEN) return Promise.resolve({ ok: false, error: { code: 'NO_DIRECTOR', message: 'Not connected to the Director.' } });
      const { text, answer } = core.request(name, input);
      ws.send(text);
      return answer;
    },
    on: core.on,
  };
}

/** ws://HOST:PORT/api?token=… (wss:// for an https console) from the console URL a Director advertises. */
export function apiUrlFromConsoleUrl(consoleUrl: string): string {
  const u = new URL(consoleUrl);
  const token = new URLSearchParams(u.hash.replace(/^#/, '')).get('token') ?? '';
  return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}/api?token=${encodeURIComponent(token)}`;
}
