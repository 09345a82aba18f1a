import { extname, normalize, resolve, sep } from 'node:path';
import { contentTypes } from '../client/content-types.js';

/** Where the console is served from inside the window: app://console/… */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The window's CSP: our own code only; it talks to the Director through the preload, not the network. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'none'; frame-ancestors 'none'; form-action 'none'";


export const contentTypeOf = (file: string): string => contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file under `root` that an app:// request names, or null when the request is for
 * another host or would leave the folder (`..`, encoded separators, absolute paths).
 */
export function resolveAppRequest(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = normalize(resolve(base, `.${path}`));
  return file.startsWith(base + sep) ? file : null;
}

/**
 * The Director's download address an app:// request stands for: `app://console/api/download/<ticket>`
 * (the Browse view's Download in the embedded console) → `<origin>/api/download/<ticket>` on the
 * embedded Director's own loopback service; null for anything else or when there is no service.
 */
export function downloadTarget(requestUrl: string, origin: string | null): string | null {
  if (!origin) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.search !== '') return null;
  const m = /^\/api\/download\/([A-Za-z0-9_-]{16,64})$/.exec(url.pathname);
  return m ? `${origin}/api/download/${m[1]}` : null;
}
