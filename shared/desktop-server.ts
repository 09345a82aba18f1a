// The desktop console's "Connect to a HotBackup server" API (window.hotbackupDesktop.server):
// the preload implements it over IPC, the renderer's Connect page calls it.

export type ServerAnswer<T> = { ok: true; value: T } | { ok: false; error: string };

export interface DesktopServerApi {
  /** The server remembered from last time, if any (its address, account and pinned fingerprint). */
  remembered(): Promise<ServerAnswer<{ url: string; account: string; fingerprint: string } | null>>;
  /** Look at the certificate the server presents, for the person to compare. Nothing is sent. */
  probe(address: string): Promise<ServerAnswer<{ url: string; server: string; fingerprint: string }>>;
  /** Sign in (after the fingerprint was confirmed); the console then shows that server. */
  connect(url: string, account: string, password: string): Promise<ServerAnswer<{ role: string }>>;
}
