import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** The Director's certificate and key live here, in the config directory (key 0600). */
export const TLS_DIR = 'tls';
export const CERT_FILE = 'cert.pem';
export const KEY_FILE = 'key.pem';
/** Present when the office's own certificate was imported (`hotbackup tls import`). */
const OWN_MARK = 'office-certificate';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, `AB:CD:…` — what people compare and clients pin. */
  fingerprint: string;
  /** base64 SHA-256 of the public key (what Chromium's --ignore-certificate-errors-spki-list takes). */
  spki: string;
  selfSigned: boolean;
}

export function describeCertificate(cert: string, key: string, selfSigned: boolean): TlsMaterial {
  const x509 = new X509Certificate(cert);
  const spkiDer = x509.publicKey.export({ type: 'spki', format: 'der' });
  return { cert, key, fingerprint: x509.fingerprint256, spki: createHash('sha256').update(spkiDer).digest('base64'), selfSigned };
}

/** The names a self-signed certificate is made for: this computer's name, localhost and its addresses. */
function altNames(extra: string[]): { type: 2 | 7; value?: string; ip?: string }[] {
  const ips = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) ips.add(i.address.replace(/%.*$/, ''));
  const names = new Set<string>([hostname(), 'localhost']);
  for (const e of extra) (/^[\d.]+$|:/.test(e) ? ips : names).add(e);
  return [...[...names].map((value) => ({ type: 2 as const, value })), ...[...ips].map((ip) => ({ type: 7 as const, ip }))];
}

async function makeSelfSigned(dir: string, extraNames: string[], now: Date): Promise<void> {
  const notAfterDate = new Date(now);
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 5);
  const pems = await generate([{ name: 'commonName', value: `HotBackup Director on ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: altNames(extraNames) },
    ],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, KEY_FILE + '.new'), pems.private, { mode: 0o600 });
  await writeFile(join(dir, CERT_FILE + '.new'), pems.cert, { mode: 0o644 });
  await rename(join(dir, KEY_FILE + '.new'), join(dir, KEY_FILE));
  await rename(join(dir, CERT_FILE + '.new'), join(dir, CERT_FILE));
}

async function readMaterial(dir: string): Promise<TlsMaterial | null> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([readFile(join(dir, CERT_FILE), 'utf8'), readFile(join(dir, KEY_FILE), 'utf8')]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  await chmod(join(dir, KEY_FILE), 0o600);
  const own = await readFile(join(dir, OWN_MARK), 'utf8').then(
    () => true,
    () => false,
  );
  return describeCertificate(cert, key, !own);
}

/** The certificate the Director serves: the one in <configDir>/tls, made (self-signed) at first start. */
export async function loadOrCreateCertificate(configDir: string, extraNames: string[] = [], now = new Date()): Promise<TlsMaterial & { created: boolean }> {
  const dir = join(configDir, TLS_DIR);
  const existing = await readMaterial(dir);
  if (existing) return { ...existing, created: false };
  await makeSelfSigned(dir, extraNames, now);
  return { ...(await readMaterial(dir))!, created: true };
}

/** `hotbackup tls renew`: a new self-signed certificate and key; both fingerprints for the people who pinned the old one. */
export async function renewCertificate(configDir: string, extraNames: string[] = [], now = new Date()): Promise<{ old: string | null; fresh: string }> {
  const dir = join(configDir, TLS_DIR);
  const old = await readMaterial(dir);
  await makeSelfSigned(dir, extraNames, now);
  await rm(join(dir, OWN_MARK), { force: true });
  return { old: old?.fingerprint ?? null, fresh: (await readMaterial(dir))!.fingerprint };
}

/** `hotbackup tls import`: serve the office's own certificate (PEM, with its chain) and key instead. */
export async function importCertificate(configDir: string, certFile: string, keyFile: string): Promise<{ old: string | null; fresh: string }> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`${certFile} is not a PEM certificate. Give the certificate (and its chain) in PEM form.`);
  }
  if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error(`${keyFile} is not the private key of ${certFile}. Give the key that belongs to this certificate.`);
  const dir = join(configDir, TLS_DIR);
  const old = await readMaterial(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await copyFile(keyFile, join(dir, KEY_FILE));
  await chmod(join(dir, KEY_FILE), 0o600);
  await copyFile(certFile, join(dir, CERT_FILE));
  await writeFile(join(dir, OWN_MARK), `imported from ${certFile}\n`);
  return { old: old?.fingerprint ?? null, fresh: x509.fingerprint256 };
}

/** The pin for this machine's own Director (the CLI and console on the server read it from the config directory). */
export async function localPin(configDir: string): Promise<{ fingerprint: string; cert: string } | undefined> {
  const cert = await readFile(join(configDir, TLS_DIR, CERT_FILE), 'utf8').catch(() => null);
  return cert ? { fingerprint: new X509Certificate(cert).fingerprint256, cert } : undefined;
}
