import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpsServer } from 'node:https';

const TLS_HANDSHAKE = 0x16;

/**
 * One port, TLS only: a connection whose first byte starts a TLS handshake goes to the
 * HTTPS server; plain HTTP gets a 400 that says to use https:// (and nothing else is served).
 * Hand-written because it is the whole of it: peek one byte, then hand the socket on.
 */
export function tlsOnlyFront(https: HttpsServer, httpsUrl: () => string): NetServer {
  return createNetServer((socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) {
        // The TLS socket takes over the handle and reads what was unshifted; resuming here would steal it.
        https.emit('connection', socket);
        return;
      }
      const body = `This HotBackup Director speaks HTTPS only on this address. Open ${httpsUrl()} instead.\r\n`;
      socket.resume(); // read and drop the request, so the client's close is seen
      socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    socket.on('error', () => socket.destroy());
  });
}
