import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { localAdmin } from '../../../shared/roles.js';
import type { Session, SessionOptions } from '../../director/access/session.js';
import type { Logger } from '../../base/logger.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js';
import { untrustedReason, type SenderInfo } from './trusted-sender.js';

/** The slice of Electron's ipcMain the adapter uses (a fake one in tests). */
export interface MainIpc {
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The slice of a BrowserWindow's webContents the adapter talks to. */
export interface ConsoleContents {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcAdapterOptions {
  ipc: MainIpc;
  /** The Director's sessions: the window's page is one session, a new one after each reload. */
  openSession(opts: SessionOptions): Session;
  /** Our console window's webContents, or null while there is none. */
  contents(): ConsoleContents | null;
  /** `app://console`: the only origin whose main frame may call. */
  trustedOrigin: string;
  logger: Logger;
}

export interface IpcAdapter {
  /** The page was reloaded or closed: end what its requests started (task tokens, lights). */
  resetClient(): void;
  detach(): void;
}

/**
 * Carries the contract over Electron IPC: one `invoke` channel routed to the Director's
 * dispatch, events pushed on one event channel. Every message's sender is checked.
 */
export function attachIpcAdapter(opts: IpcAdapterOptions): IpcAdapter {
  const send = (name: EventName, payload: unknown) => {
    const wc = opts.contents();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
  };
  // The embedded console runs on the Director's own machine, as the person logged in there: admin.
  const open = () => opts.openSession({ identity: localAdmin('desktop console'), peer: `console window ${opts.contents()?.id ?? 0}`, send });
  let session = open();

  opts.ipc.handle(INVOKE_CHANNEL, async (event, name, input): Promise<Result<unknown>> => {
    const reason = untrustedReason(event, opts.contents()?.id ?? null, opts.trustedOrigin);
    if (reason) {
      opts.logger.warn(`refused IPC request ${JSON.stringify(name)}: ${reason}`);
      return { ok: false, error: { code: 'UNAUTHORIZED', message: `HotBackup refused the request: ${reason}.` } };
    }
    return session.invoke(name, input);
  });

  return {
    resetClient: () => {
      session.close();
      session = open();
    },
    detach: () => {
      session.close();
      opts.ipc.removeHandler(INVOKE_CHANNEL);
    },
  };
}
