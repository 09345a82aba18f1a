/**
 * Whether safeStorage really protects a secret here: on Linux without a keyring Electron
 * falls back to 'basic_text', a fixed key, which is weaker than our 0600 key file.
 */
export function safeStorageProtects(platform: NodeJS.Platform, available: boolean, linuxBackend: string | null): boolean {
  if (!available) return false;
  return platform !== 'linux' || (linuxBackend !== null && linuxBackend !== 'basic_text' && linuxBackend !== 'unknown');
}
