import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder cannot package here (it downloads Electron), so check its config the way
// it would: with app-builder-lib, electron-builder's own engine, against its JSON schema,
// plus the settings our security depends on. The packaging tools live in packaging/ (their
// own install, `npm run packaging:install`; .ci/run installs them).
type Config = Record<string, unknown>;
interface ConfigLib {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debug: unknown): Promise<void>;
}
const packaging = resolve('packaging/package.json');
const libPath = (() => {
  try {
    return createRequire(packaging).resolve('app-builder-lib/out/util/config/config.js');
  } catch {
    return null;
  }
})();
// Only packaging/'s own copy counts (not a stray one in the project's node_modules).
const skipReason = libPath && existsSync(libPath) && libPath.startsWith(resolve('packaging', 'node_modules'))
  ? null
  : 'electron-builder.yml check skipped: the packaging tools are not installed (run "npm run packaging:install").';
if (skipReason) console.warn(skipReason);
const lib = libPath ? ((await import(pathToFileURL(libPath).href)) as ConfigLib) : null;
const loaded: Config = lib ? await lib.getConfig(process.cwd(), 'electron-builder.yml', null) : {};
const config = loaded;
const debug = { isEnabled: false, add: () => undefined };

describe.skipIf(skipReason !== null)('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(lib!.validateConfiguration(structuredClone(loaded), debug)).resolves.toBeUndefined();
    const typo = { ...structuredClone(loaded), electronFuses: { runAsNod: false } };
    await expect(lib!.validateConfiguration(typo, debug)).rejects.toThrow(/configuration.electronFuses/);
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
