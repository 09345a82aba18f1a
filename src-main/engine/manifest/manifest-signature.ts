import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

// MANIFEST.sig: HMAC-SHA-256 over MANIFEST.json's bytes with a key that stays in the config
// directory. The manifest holds every volume's SHA-256, so the signature vouches for the whole
// backup. It is a separate file so older readers and RESTORE.sh are unaffected.

export const MANIFEST_SIG_NAME = 'MANIFEST.sig';
export const MANIFEST_KEY_FILE = 'manifest.key';
const PREFIX = 'HMAC-SHA256 ';

/** 'valid'; 'missing' (older backup or none written); 'mismatch' (tampered, or another installation's key). */
export type SignatureVerdict = 'valid' | 'missing' | 'mismatch';

/** The HMAC a manifest is signed with, to feed its bytes as they are written. */
export const manifestMac = (key: Uint8Array) => createHmac('sha256', key);
/** MANIFEST.sig's text for a finished HMAC. */
export const signatureText = (hexDigest: string): string => `${PREFIX}${hexDigest}\n`;

export function signManifest(manifestText: string | Uint8Array, key: Uint8Array): string {
  return signatureText(manifestMac(key).update(manifestText).digest('hex'));
}

export function checkManifestSignature(manifestText: string | Uint8Array, sigText: string | null, key: Uint8Array): SignatureVerdict {
  return checkManifestDigest(manifestMac(key).update(manifestText).digest('hex'), sigText);
}

/** The verdict for an HMAC already computed over the manifest's bytes (hex). */
export function checkManifestDigest(hexDigest: string, sigText: string | null): SignatureVerdict {
  if (sigText === null) return 'missing';
  const got = sigText.trim();
  const want = signatureText(hexDigest).trim();
  if (got.length !== want.length) return 'mismatch';
  return timingSafeEqual(Buffer.from(got), Buffer.from(want)) ? 'valid' : 'mismatch';
}

/** What a signature verdict means for a person, or null when it is valid. */
export function signatureProblem(verdict: SignatureVerdict): string | null {
  if (verdict === 'missing') {
    return `it has no ${MANIFEST_SIG_NAME} (made before backups were signed, or by another installation), so this HotBackup cannot vouch for it`;
  }
  if (verdict === 'mismatch') {
    return `its ${MANIFEST_SIG_NAME} does not match MANIFEST.json: the manifest was changed after the backup, or the backup was made by another installation`;
  }
  return null;
}

/**
 * The installation's manifest key (`<configDir>/manifest.key`, 32 random bytes, mode 0600),
 * created on first use. Never followed through a symlink.
 */
export async function loadManifestKey(configDir: string): Promise<Buffer> {
  const file = join(configDir, MANIFEST_KEY_FILE);
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
  const read = async (): Promise<Buffer | null> => {
    const h = await open(file, flags).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!h) return null;
    try {
      const hex = (await h.readFile('utf8')).trim();
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`The manifest key ${file} is damaged: remove it only if no backup needs restoring over live data (a new key is made; older backups then restore into a new folder only).`);
      return Buffer.from(hex, 'hex');
    } finally {
      await h.close();
    }
  };
  const existing = await read();
  if (existing) return existing;
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const h = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') return null; // another process made it first
    throw err;
  });
  if (!h) return (await read()) as Buffer;
  try {
    await h.writeFile(`${key.toString('hex')}\n`);
    await h.sync();
  } finally {
    await h.close();
  }
  return key;
}
