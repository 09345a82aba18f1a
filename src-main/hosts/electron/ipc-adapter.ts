import type { CallContext, EventName, EventPayload } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import type { Logger } from '../../director/logger.js';
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
  /** The Director's one registration point (validates the input with the contract's schema). */
  invoke(name: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** Director events to forward to the window. */
  subscribe(sink: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
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
  let generation = 0;
  let disconnectHandlers: (() => void)[] = [];
  const send = (name: EventName, payload: unknown) => {
    const wc = opts.contents();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
  };
  const context = (): CallContext => ({
    clientId: `electron-window-${opts.contents()?.id ?? 0}-${generation}`,
    emit: (name, payload) => send(name, payload),
    onDisconnect: (fn) => disconnectHandlers.push(fn),
  });

  opts.ipc.handle(INVOKE_CHANNEL, async (event, name, input): Promise<Result<unknown>> => {
    const reason = untrustedReason(event, opts.contents()?.id ?? null, opts.trustedOrigin);
    if (reason) {
      opts.logger.warn(`refused IPC request ${JSON.stringify(name)}: ${reason}`);
      return { ok: false, error: { code: 'UNAUTHORIZED', message: `HotBackup refused the request: ${reason}.` } };
    }
    return opts.invoke(name, input, context());
  });
  const unsubscribe = opts.subscribe((name, payload) => send(name, payload));

  const resetClient = () => {
    generation++;
    for (const fn of disconnectHandlers.splice(0)) {
      try {
        fn();
      } catch (err) {
        opts.logger.error(`disconnect handler failed: ${String(err)}`);
      }
    }
    disconnectHandlers = [];
  };
  return {
    resetClient,
    detach: () => {
      resetClient();
      unsubscribe();
      opts.ipc.removeHandler(INVOKE_CHANNEL);
    },
  };
}
