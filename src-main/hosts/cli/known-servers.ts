import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-write.js';
import type { Pin } from '../client/peer-certificate.js';

/** Certificates this PC trusts, one per server (like SSH's known_hosts). Versioned. */
export const KNOWN_SERVERS_FILE = 'known-servers.json';

const KnownServers = z.object({
  version: z.literal(1),
  servers: z.record(z.string(), z.object({ fingerprint: z.string(), cert: z.string(), pinnedAt: z.string() })),
});
type KnownServers = z.infer<typeof KnownServers>;

const fileOf = (configDir: string) => join(configDir, KNOWN_SERVERS_FILE);

async function read(configDir: string): Promise<KnownServers> {
  const text = await readFile(fileOf(configDir), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return { version: 1, servers: {} };
  const parsed = KnownServers.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${fileOf(configDir)} is damaged: move it aside and connect again (each server's fingerprint is then shown and pinned anew).`);
  return parsed.data;
}

export async function pinnedFor(configDir: string, server: string): Promise<Pin | null> {
  return (await read(configDir)).servers[server] ?? null;
}

export async function pin(configDir: string, server: string, p: Pin, now = new Date()): Promise<void> {
  const data = await read(configDir);
  data.servers[server] = { fingerprint: p.fingerprint, cert: p.cert, pinnedAt: now.toISOString() };
  await mkdir(configDir, { recursive: true });
  await writeFileAtomic(fileOf(configDir), JSON.stringify(data, null, 2) + '\n', 0o600);
}

export async function forget(configDir: string, server: string): Promise<boolean> {
  const data = await read(configDir);
  if (!data.servers[server]) return false;
  delete data.servers[server];
  await writeFileAtomic(fileOf(configDir), JSON.stringify(data, null, 2) + '\n', 0o600);
  return true;
}

export async function listPinned(configDir: string): Promise<{ server: string; fingerprint: string; pinnedAt: string }[]> {
  return Object.entries((await read(configDir)).servers).map(([server, v]) => ({ server, fingerprint: v.fingerprint, pinnedAt: v.pinnedAt }));
}
