import { readFile } from 'node:fs/promises';
import { net, protocol } from 'electron';
import type { Logger } from '../../base/logger.js';
import { APP_SCHEME, CONSOLE_CSP, contentTypeOf, downloadTarget, resolveAppRequest } from './app-path.js';


/** Must run before the app is ready: app:// behaves like an https origin (CSP 'self', module scripts). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Serve the built renderer (dist-renderer/) on app://console/, refusing any path outside it.
 * A Browse download (`/api/download/<ticket>`) is passed to the embedded Director's loopback
 * service (`downloadOrigin()`), streamed; Electron then asks where to save it.
 */
export function serveConsole(rendererDir: string, logger: Logger, downloadOrigin: () => string | null = () => null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const download = request.method === 'GET' ? downloadTarget(request.url, downloadOrigin()) : null;
    if (download) return net.fetch(download);
    const file = resolveAppRequest(rendererDir, request.url);
    if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
      logger.warn(`app:// refused ${request.method} ${request.url}`);
      return notFound();
    }
    try {
      const body = new Uint8Array(await readFile(file));
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': CONSOLE_CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        },
      });
    } catch {
      return notFound();
    }
  });
}
