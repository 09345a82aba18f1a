import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule of DESIGN §3 lives in eslint.config.js; these cases prove it bites.
const eslint = new ESLint();
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
  ])('%s may not %s', async (file, code) => {
    expect(await importErrors(file, code)).not.toHaveLength(0);
  });

  it('lets the Electron host import electron', async () => {
    expect(await importErrors('src-main/hosts/electron/probe.ts', "import 'electron';\n")).toHaveLength(0);
  });
});
