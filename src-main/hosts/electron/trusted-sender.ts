/** `scheme://host` of a URL; unlike URL.origin this also works for our custom `app:` scheme. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** The parts of an IPC event that say who sent it (Electron's IpcMainInvokeEvent has them all). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Why a message must be refused, or null when it comes from our console window's main
 * frame showing our own page (not an iframe, not a page it was navigated to).
 */
export function untrustedReason(event: SenderInfo, windowContentsId: number | null, trustedOrigin: string): string | null {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return 'not our console window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'sent from a sub-frame';
  const origin = originOf(frame.url);
  if (origin !== trustedOrigin) return `sent from ${origin ?? 'an unknown page'}, not ${trustedOrigin}`;
  return null;
}
