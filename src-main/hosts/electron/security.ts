import type { Session, WebContents } from 'electron';
import type { Logger } from '../../base/logger.js';
import { originOf } from './trusted-sender.js';

/** Permissions the console may use: copying a path or command to the clipboard, nothing else. */
const allowedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Camera, microphone, notifications from the page, geolocation, USB, …: all refused. */
export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowedPermissions.has(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowedPermissions.has(permission));
  ses.setDevicePermissionHandler(() => false);
}

/**
 * The window may only ever show our console: navigation and redirects to any other origin
 * are stopped, new windows and <webview> are refused.
 */
export function guardContents(contents: WebContents, allowedOrigin: string, logger: Logger): void {
  const stopForeign = (event: { preventDefault(): void }, url: string, what: string) => {
    if (originOf(url) === allowedOrigin) return;
    event.preventDefault();
    logger.warn(`blocked ${what} to ${url}`);
  };
  contents.on('will-navigate', (event) => stopForeign(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => stopForeign(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => stopForeign(event, event.url, 'redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}
