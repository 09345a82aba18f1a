import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule of DESIGN §3 lives in eslint.config.js; these cases prove it bites.
const eslint = new ESLint();
// The layer rule itself, the import paths it reads written one way only, and no import() it cannot read.
const LAYER_RULES = new Set(['no-restricted-imports', 'hotbackup/plain-import-path', 'hotbackup/no-test-support', 'no-restricted-syntax']);
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['src-main/engine/probe.ts', "import 'electron';\n"],
    ['src-main/director/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/hosts/service/probe.ts', "import 'electron';\n"],
    ['shared/probe.ts', "import 'electron';\n"],
    ['src-renderer/probe.ts', "import 'electron';\n"],
    ['src-main/engine/probe.ts', "import '../director/director.js';\n"],
    ['src-main/director/probe.ts', "import '../hosts/cli/main.js';\n"],
    ['src-renderer/probe.ts', "import '../src-main/director/director.js';\n"],
    ['shared/probe.ts', "import 'node:fs';\n"],
    ['src-main/director/probe.ts', "import { runBackup } from '../engine/worker/run-in-worker.js';\nexport const r = runBackup;\n"],
    ['src-main/director/handlers/probe.ts', "import type { Clock } from '../../engine/run/run-types.js';\nexport type C = Clock;\n"],
    ['src-main/hosts/cli/probe.ts', "import { readBackupLog } from '../../engine/vault/backup-log.js';\nexport const r = readBackupLog;\n"],
    ['src-main/hosts/electron/probe.ts', "import { loadVault } from '../../engine/vault/vault-store.js';\nexport const l = loadVault;\n"],
    ['src-main/engine/restore/probe.ts', "import { runBackup } from '../index.js';\nexport const r = runBackup;\n"],
    ['src-main/base/probe.ts', "import { RunError } from '../engine/errors.js';\nexport const e = RunError;\n"],
    // Hosts never import a sibling host; what they share lives in hosts/client/.
    ['src-main/hosts/electron/probe.ts', "import '../cli/connect.js';\n"],
    ['src-main/hosts/electron/probe.ts', "import '../service/service.js';\n"],
    ['src-main/hosts/cli/probe.ts', "import '../service/service.js';\n"],
    ['src-main/hosts/cli/commands/probe.ts', "import '../../service/tls-cert.js';\n"],
    ['src-main/hosts/cli/probe.ts', "import '../electron/director-link.js';\n"],
    ['src-main/hosts/service/probe.ts', "import '../cli/connect.js';\n"],
    ['src-main/hosts/service/probe.ts', "import '../../hosts/electron/app-path.js';\n"],
    ['src-main/hosts/client/probe.ts', "import '../cli/connect.js';\n"],
    ['src-main/hosts/client/probe.ts', "import '../electron/director-link.js';\n"],
    ['src-main/hosts/client/probe.ts', "import '../service/ws-adapter.js';\n"],
    ['src-main/hosts/client/probe.ts', "import 'electron';\n"],
    // Dodges: an import() or import('…') type the patterns cannot read, a path out and back in.
    ['src-main/director/probe.ts', "export const m = () => import('../engine/vault/vault-store.js');\n"],
    ['src-main/director/probe.ts', "export type V = import('../engine/vault/vault-store.js').VaultRecord;\n"],
    ['src-main/base/probe.ts', "export const m = () => import('../engine/errors.js');\n"],
    ['src-renderer/probe.ts', "export const m = () => import('../src-main/director/director.js');\n"],
    ['src-main/engine/probe.ts', "export const m = () => import('../director/director.js');\n"],
    ['src-main/hosts/electron/probe.ts', "export const m = () => import('../cli/connect.js');\n"],
    ['src-main/hosts/electron/probe.ts', "import './../cli/connect.js';\n"],
    ['src-main/hosts/electron/probe.ts', "import '../client/../cli/connect.js';\n"],
    ['src-main/hosts/client/probe.ts', "import '../client/../service/ws-adapter.js';\n"],
    ['src-main/engine/restore/probe.ts', "import { runBackup } from '../../engine/index.js';\nexport const r = runBackup;\n"],
    ['src-main/engine/restore/probe.ts', "import './../index.js';\n"],
    ['src-main/engine/probe.ts', "import '../engine/index.js';\n"],
    // Test support is outside the rule: a re-export there would carry a deep engine import past it.
    ['src-main/director/probe.ts', "import { loadVault } from './testing/leak.js';\nexport const l = loadVault;\n"],
    ['src-main/hosts/cli/commands/probe.ts', "export * from '../testing/spawn-director.js';\n"],
    ['src-main/engine/run/probe.ts', "import '../testing/backup-fixture.js';\n"],
    ['src-renderer/probe.ts', "import '../e2e/fixtures/director.js';\n"],
    // Re-exports and type-only imports are imports too.
    ['src-main/director/probe.ts', "export { loadVault } from '../engine/vault/vault-store.js';\n"],
    ['src-main/director/probe.ts', "export * from '../engine/vault/vault-store.js';\n"],
    ['src-main/hosts/electron/probe.ts', "import type { X } from '../cli/connect.js';\nexport type Y = X;\n"],
    ['src-main/base/probe.ts', "import type { X } from '../engine/errors.js';\nexport type Y = X;\n"],
    ['src-main/engine/restore/probe.ts', "export * from '../index.js';\n"],
  ])('%s may not %s', async (file, code) => {
    expect(await importErrors(file, code)).not.toHaveLength(0);
  });

  it.each([
    ['src-main/director/probe.ts', "import { runBackup } from '../engine/index.js';\nexport const r = runBackup;\n"],
    ['src-main/hosts/cli/probe.ts', "import { readBackupLog } from '../../engine/index.js';\nexport const r = readBackupLog;\n"],
    ['src-main/director/probe.ts', "import { formatLocalIso } from '../base/local-iso.js';\nexport const f = formatLocalIso;\n"],
    ['src-main/engine/run/probe.ts', "import { RunError } from '../errors.js';\nexport const e = RunError;\n"],
  ])('%s may %s', async (file, code) => {
    expect(await importErrors(file, code)).toHaveLength(0);
  });

  it('lets the Electron host import electron', async () => {
    expect(await importErrors('src-main/hosts/electron/probe.ts', "import 'electron';\n")).toHaveLength(0);
  });

  it.each([
    ['src-main/hosts/cli/probe.ts', "import '../client/open-director.js';\n"],
    ['src-main/hosts/cli/commands/probe.ts', "import '../../client/director-here.js';\n"],
    ['src-main/hosts/electron/probe.ts', "import '../client/ws-client.js';\n"],
    ['src-main/hosts/service/probe.ts', "import '../client/tls-cert.js';\n"],
    ['src-main/hosts/client/probe.ts', "import '../service/service.js';\n"],
  ])('lets %s import what the hosts share: %s', async (file, code) => {
    expect(await importErrors(file, code)).toHaveLength(0);
  });
});
