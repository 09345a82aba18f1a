import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * One way of sealing a secret. A sealed value is `<scheme name>:<body>`, so a value sealed
 * by one host (the Electron console with safeStorage, the headless Director with the key
 * file) is recognised by the other, and opened there when that host knows the scheme.
 */
export interface SecretScheme {
  /** Letters, digits, dots and dashes, e.g. `keyfile.v1`, `safestorage.v1`. */
  readonly name: string;
  seal(plain: string): string;
  open(body: string): string;
}

/** What the Director seals the e-mail password with, and opens it with before sending. */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws SecretUnreadableError with the cause and the fix. */
  open(sealed: string): string;
}

export class SecretUnreadableError extends Error {
  override name = 'SecretUnreadableError';
}

export const KEY_FILE = 'secret.key';
export const KEY_FILE_SCHEME = 'keyfile.v1';
export const SAFE_STORAGE_SCHEME = 'safestorage.v1';

const reenter = 'Enter the e-mail password again (console: Notification tab; CLI: hotbackup settings set email.server.password ...).';

/** Why a host cannot open a scheme it does not have, per scheme. */
const foreignSchemes: Record<string, string> = {
  [SAFE_STORAGE_SCHEME]:
    'it was saved by the HotBackup console, which encrypts it with the operating system keychain (Electron safeStorage) that this headless Director cannot use',
};

/**
 * A SecretBox that seals with `primary` and opens anything sealed by `primary` or `readers`.
 * The Electron host: `createSecretBox(safeStorageScheme, [keyFileScheme(configDir)])`.
 */
export function createSecretBox(primary: SecretScheme, readers: SecretScheme[] = []): SecretBox {
  const schemes = new Map([primary, ...readers].map((s) => [s.name, s]));
  return {
    seal: (plain) => `${primary.name}:${primary.seal(plain)}`,
    open: (sealed) => {
      const colon = sealed.indexOf(':');
      const name = colon > 0 ? sealed.slice(0, colon) : '';
      const scheme = schemes.get(name);
      if (scheme) return scheme.open(sealed.slice(colon + 1));
      const why = foreignSchemes[name] ?? (name ? `it was sealed with "${name}", which this HotBackup does not know` : 'the stored value is not a sealed secret');
      throw new SecretUnreadableError(`The e-mail password cannot be read: ${why}. ${reenter}`);
    },
  };
}

/** The headless default: AES-256-GCM with a random key in `<configDir>/secret.key` (0600, made on first use). */
export function createHeadlessSecretBox(configDir: string): SecretBox {
  return createSecretBox(keyFileScheme(configDir));
}

const AAD = Buffer.from('hotbackup secret keyfile.v1');

/** AES-256-GCM; body = base64(iv 12 bytes | tag 16 bytes | ciphertext). */
export function keyFileScheme(configDir: string): SecretScheme {
  const file = join(configDir, KEY_FILE);
  let key: Buffer | null = null;
  const getKey = (create: boolean): Buffer => {
    key ??= loadKey(file, create);
    return key;
  };
  return {
    name: KEY_FILE_SCHEME,
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', getKey(true), iv);
      cipher.setAAD(AAD);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    open: (body) => {
      const raw = Buffer.from(body, 'base64');
      if (raw.length < 28) throw new SecretUnreadableError(`The e-mail password cannot be read: the stored value is damaged. ${reenter}`);
      const decipher = createDecipheriv('aes-256-gcm', getKey(false), raw.subarray(0, 12));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnreadableError(
          `The e-mail password cannot be read with the key in ${file}: the key file was replaced since the password was saved, or the value is damaged. ${reenter}`,
        );
      }
    },
  };
}

function readKey(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new SecretUnreadableError(`The key file ${file} is damaged (it must hold 32 bytes in base64). Delete it; then ${reenter}`);
  }
  // The key is as secret as the password: keep it readable by this user only.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

function loadKey(file: string, create: boolean): Buffer {
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!create) {
      throw new SecretUnreadableError(
        `The e-mail password cannot be read: its key file ${file} is missing (deleted, or the config folder was copied without it). ${reenter}`,
      );
    }
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Write a temp file, then link it into place: the key appears whole or not at all,
  // and when another process made one first, we use theirs.
  const key = randomBytes(32);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    throw err;
  } finally {
    unlinkSync(temp);
  }
  return key;
}
