import { safeStorage } from 'electron';
import { createSecretBox, keyFileScheme, SAFE_STORAGE_SCHEME, SecretUnreadableError, type SecretBox, type SecretScheme } from '../../director/notify/secret-box.js';
import { safeStorageProtects } from './secret-schemes.js';

const safeStorageScheme: SecretScheme = {
  name: SAFE_STORAGE_SCHEME,
  seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
  open: (body) => {
    try {
      return safeStorage.decryptString(Buffer.from(body, 'base64'));
    } catch (err) {
      throw new SecretUnreadableError(
        `The e-mail password cannot be read: the operating system keychain refused it (${(err as Error).message}); it may have been saved by another user or machine. Enter the password again in the Notification tab.`,
      );
    }
  },
};

/**
 * The console's secret box (call after app 'ready'): seals with the OS keychain where it
 * protects, else with the same key file as the headless Director; opens either kind.
 */
export function desktopSecretBox(configDir: string): SecretBox {
  const keyFile = keyFileScheme(configDir);
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const available = safeStorage.isEncryptionAvailable();
  if (safeStorageProtects(process.platform, available, backend)) return createSecretBox(safeStorageScheme, [keyFile]);
  return createSecretBox(keyFile, available ? [safeStorageScheme] : []);
}
