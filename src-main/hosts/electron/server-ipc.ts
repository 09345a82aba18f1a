import type { Logger } from '../../base/logger.js';
import type { Pin } from '../client/peer-certificate.js';
import type { MainIpc } from './ipc-adapter.js';
import { SERVER_CONNECT_CHANNEL, SERVER_PROBE_CHANNEL, SERVER_REMEMBERED_CHANNEL, type ServerAnswer } from './preload-desktop.js';
import { connectToServer, loadRememberedServer, probeServer, type ServerLink } from './server-mode.js';
import { untrustedReason, type SenderInfo } from './trusted-sender.js';

export interface ServerIpcOptions {
  ipc: MainIpc;
  configDir: string;
  /** The connect window's webContents id, to check each message's sender. */
  contentsId(): number | null;
  trustedOrigin: string;
  logger: Logger;
  onConnected(link: ServerLink): void;
}

/**
 * The Connect dialog's three requests. The certificate the person confirmed stays here, in the
 * main process: the page names only the address, so it cannot slip in another certificate.
 */
export function attachServerIpc(opts: ServerIpcOptions): () => void {
  const probed = new Map<string, Pin>();
  const guard = <T>(fn: (...args: unknown[]) => Promise<T>) => async (event: SenderInfo, ...args: unknown[]): Promise<ServerAnswer<T>> => {
    const reason = untrustedReason(event, opts.contentsId(), opts.trustedOrigin);
    if (reason) return { ok: false, error: `HotBackup refused the request: ${reason}.` };
    try {
      return { ok: true, value: await fn(...args) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  };
  opts.ipc.handle(
    SERVER_REMEMBERED_CHANNEL,
    guard(async () => {
      const r = await loadRememberedServer(opts.configDir);
      if (r) probed.set(r.url, r.pin);
      return r ? { url: r.url, account: r.account, fingerprint: r.pin.fingerprint } : null;
    }),
  );
  opts.ipc.handle(
    SERVER_PROBE_CHANNEL,
    guard(async (address) => {
      const p = await probeServer(String(address));
      const remembered = await loadRememberedServer(opts.configDir);
      if (remembered?.url === p.url && remembered.pin.fingerprint !== p.pin.fingerprint) {
        throw new Error(`The certificate of ${p.server} has changed: remembered SHA-256 ${remembered.pin.fingerprint}, now ${p.pin.fingerprint}. Check the new one with the administrator before you confirm it.`);
      }
      probed.set(p.url, p.pin);
      return { url: p.url, server: p.server, fingerprint: p.pin.fingerprint };
    }),
  );
  opts.ipc.handle(
    SERVER_CONNECT_CHANNEL,
    guard(async (url, account, password) => {
      const pin = probed.get(String(url));
      if (!pin) throw new Error('Check the server\'s certificate first.');
      const link = await connectToServer({ configDir: opts.configDir, url: String(url), pin, account: String(account), password: String(password) });
      opts.logger.info(`signed in to ${link.url} as ${link.account} (${link.role})`);
      opts.onConnected(link);
      return { role: link.role };
    }),
  );
  return () => {
    for (const c of [SERVER_REMEMBERED_CHANNEL, SERVER_PROBE_CHANNEL, SERVER_CONNECT_CHANNEL]) opts.ipc.removeHandler(c);
  };
}
