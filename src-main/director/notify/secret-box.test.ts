import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadlessSecretBox, createSecretBox, KEY_FILE, keyFileScheme, SAFE_STORAGE_SCHEME, type SecretScheme } from './secret-box.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-secret-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Stands in for Electron safeStorage (the real one needs Electron). */
const fakeSafeStorage: SecretScheme = {
  name: SAFE_STORAGE_SCHEME,
  seal: (p) => Buffer.from(p).reverse().toString('base64'),
  open: (b) => Buffer.from(b, 'base64').reverse().toString(),
};

describe('headless secret box (AES-256-GCM, key file)', () => {
  it('seals to a prefixed value without the clear text, opens it again, and makes a 0600 key file on first use', async () => {
    const box = createHeadlessSecretBox(join(dir, 'config'));
    const sealed = box.seal('hunter2-pass');
    expect(sealed).toMatch(/^keyfile\.v1:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('hunter2');
    expect(box.seal('hunter2-pass')).not.toBe(sealed); // fresh IV each time
    expect(box.open(sealed)).toBe('hunter2-pass');
    const st = await stat(join(dir, 'config', KEY_FILE));
    expect(st.mode & 0o777).toBe(0o600);
    // Another Director on the same config directory (a restart) reads it too.
    expect(createHeadlessSecretBox(join(dir, 'config')).open(sealed)).toBe('hunter2-pass');
  });

  it('tightens a key file that others can read', async () => {
    const box = createHeadlessSecretBox(dir);
    const sealed = box.seal('x');
    await chmod(join(dir, KEY_FILE), 0o644);
    expect(createHeadlessSecretBox(dir).open(sealed)).toBe('x');
    expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('says what to do when the key file is missing or was replaced', async () => {
    const sealed = createHeadlessSecretBox(dir).seal('x');
    await rm(join(dir, KEY_FILE));
    expect(() => createHeadlessSecretBox(dir).open(sealed)).toThrow(/key file .*secret\.key is missing.*Enter the e-mail password again/);
    createHeadlessSecretBox(dir).seal('y'); // makes a new key
    expect(() => createHeadlessSecretBox(dir).open(sealed)).toThrow(/key file was replaced.*Enter the e-mail password again/);
    await writeFile(join(dir, KEY_FILE), 'short\n');
    expect(() => createHeadlessSecretBox(dir).open(sealed)).toThrow(/is damaged/);
  });

  it('a value sealed by the console (safeStorage) is refused headless with the reason and the fix', () => {
    const consoleBox = createSecretBox(fakeSafeStorage, [keyFileScheme(dir)]);
    const sealed = consoleBox.seal('pw');
    expect(sealed.startsWith('safestorage.v1:')).toBe(true);
    expect(() => createHeadlessSecretBox(dir).open(sealed)).toThrow(/saved by the HotBackup console.*safeStorage.*Enter the e-mail password again/);
    expect(() => createHeadlessSecretBox(dir).open('plain text')).toThrow(/not a sealed secret/);
  });

  it('switching from headless to the console keeps the password readable', () => {
    const sealedHeadless = createHeadlessSecretBox(dir).seal('pw-from-headless');
    const consoleBox = createSecretBox(fakeSafeStorage, [keyFileScheme(dir)]);
    expect(consoleBox.open(sealedHeadless)).toBe('pw-from-headless');
    expect(consoleBox.open(consoleBox.seal('pw2'))).toBe('pw2');
  });

  it('the key file holds no clear text of what it sealed', async () => {
    createHeadlessSecretBox(dir).seal('very-secret');
    expect(await readFile(join(dir, KEY_FILE), 'utf8')).not.toContain('very-secret');
  });
});
