import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect, rootCertificates, type PeerCertificate } from 'node:tls';

/** A certificate a client trusts for one server: exactly this one (like SSH's known_hosts). */
export interface Pin {
  fingerprint: string;
  /** The certificate itself (PEM), so a self-signed one validates without a CA. */
  cert: string;
}

export class CertificateChangedError extends Error {
  override name = 'CertificateChangedError';
  constructor(
    readonly server: string,
    readonly pinned: string,
    readonly presented: string,
  ) {
    super(
      `The certificate of ${server} has changed: pinned SHA-256 ${pinned}, the server now presents ${presented}. ` +
        'This is expected only after "hotbackup tls renew" or a new office certificate: check the new fingerprint with the administrator ' +
        `(it is shown under About in the console on the server), then run "hotbackup server forget ${server}" and connect again.`,
    );
  }
}

const toPem = (raw: Buffer) => `-----BEGIN CERTIFICATE-----\n${raw.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** Look at the certificate a server presents, without trusting or sending anything. */
export function fetchPeerCertificate(host: string, port: number, timeoutMs = 10_000): Promise<Pin> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, servername: /^[\d.]+$|:/.test(host) ? undefined : host, rejectUnauthorized: false }, () => {
      const peer: PeerCertificate = socket.getPeerCertificate();
      socket.destroy();
      if (!peer?.raw) return reject(new Error(`${host}:${port} presented no certificate.`));
      const cert = toPem(peer.raw);
      resolve({ fingerprint: new X509Certificate(cert).fingerprint256, cert });
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${host}:${port} did not answer within ${timeoutMs / 1000} s.`)));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ECONNREFUSED' ? `Nothing listens on ${host}:${port}: is the Director running there with --listen?` : `Cannot reach ${host}:${port} over TLS: ${err.message}`)),
    );
  });
}

/** TLS options that accept exactly the pinned certificate, whatever name the client used for the server. */
export function pinnedTlsOptions(pin: Pin, server: string) {
  return {
    ca: [...rootCertificates, pin.cert],
    checkServerIdentity: (_host: string, cert: PeerCertificate): Error | undefined =>
      cert.fingerprint256 === pin.fingerprint ? undefined : new CertificateChangedError(server, pin.fingerprint, cert.fingerprint256),
  };
}
