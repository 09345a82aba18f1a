import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin', 'hotbackup.js');

/** `hotbackup` with text on its standard input (passwords). */
export function cliWithInput(configDir: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, '--config-dir', configDir, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface ServerIdentity {
  /** SHA-256 of the certificate, as the Director prints it. */
  fingerprint: string;
  /** base64 SHA-256 of its public key: Chromium trusts exactly this key with --ignore-certificate-errors-spki-list. */
  spki: string;
}

export async function certificateOf(configDir: string): Promise<ServerIdentity> {
  const cert = new X509Certificate(await readFile(join(configDir, 'tls', 'cert.pem'), 'utf8'));
  const der = cert.publicKey.export({ type: 'spki', format: 'der' });
  return { fingerprint: cert.fingerprint256, spki: createHash('sha256').update(der).digest('base64') };
}

/** A server config directory with its certificate made and accounts added, before the Director starts. */
export async function prepareServer(accounts: { name: string; role: 'user' | 'operator' | 'admin'; password: string }[]): Promise<{ configDir: string } & ServerIdentity> {
  const configDir = await mkdtemp(join(tmpdir(), 'hb-e2e-server-'));
  const shown = cliWithInput(configDir, ['tls', 'show'], '');
  if (shown.code !== 0) throw new Error(`tls show failed: ${shown.stderr}`);
  for (const a of accounts) {
    const r = cliWithInput(configDir, ['user', 'add', a.name, '--role', a.role, '--password-stdin'], `${a.password}\n`);
    if (r.code !== 0) throw new Error(`user add ${a.name} failed: ${r.stderr}`);
  }
  return { configDir, ...(await certificateOf(configDir)) };
}

/** The Chromium flags that trust exactly this server's key (and no other self-signed certificate). */
export const trustExactly = (spki: string) => [`--ignore-certificate-errors-spki-list=${spki}`];
