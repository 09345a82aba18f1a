import { readFile } from 'node:fs/promises';
// app-builder-lib is electron-builder's own engine (pinned by it): read and check the file as it would.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';

// electron-builder cannot package here (it downloads Electron), so check its config the way
// it would: against its own JSON schema, plus the settings our security depends on.
const loaded = await getConfig(process.cwd(), 'electron-builder.yml', null);
const config = loaded as unknown as Record<string, unknown>;
const debug = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(structuredClone(loaded), debug)).resolves.toBeUndefined();
    const typo = { ...structuredClone(loaded), electronFuses: { runAsNod: false } } as unknown as typeof loaded;
    await expect(validateConfiguration(typo, debug)).rejects.toThrow(/configuration.electronFuses/);
  });

  it('flips the fuses and unpacks native modules', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.npmRebuild).toBe(true);
  });

  it('builds the promised targets with the same app id as the main process', async () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    const main = await readFile('src-main/hosts/electron/main.ts', 'utf8');
    expect(main).toContain(`APP_ID = '${String(config.appId)}'`);
  });
});
