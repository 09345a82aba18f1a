import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createOfficeData, type OfficeData } from '../scripts/demo/office-data.js';
import type { RunningDirector } from './director.js';

/** A sample office data directory configured on the Director, with the HotBackup folder beside it. */
export async function configureOffice(
  director: RunningDirector,
  opts: { scanBytes?: number; /** false: leave adding the data directory to the test */ addDirectory?: boolean } = {},
): Promise<OfficeData & { hotBackupFolder: string }> {
  const office = await createOfficeData(join(director.configDir, 'Office Data'), opts);
  const hotBackupFolder = join(director.configDir, 'HotBackup');
  const settings = [['folder.path', hotBackupFolder]];
  if (opts.addDirectory !== false) settings.push(['dataDirectories', JSON.stringify([{ path: office.root, label: 'Office', exclude: [] }])]);
  for (const [key, value] of settings) {
    const r = await director.cli('settings', 'set', key!, value!);
    if (r.code !== 0) throw new Error(`settings set ${key} failed: ${r.stderr}`);
  }
  return { ...office, hotBackupFolder };
}

/** The busy-users writer of `npm run demo`, keeping the office's files changing during a test. */
export function startBusyWriter(root: string): { stop(): Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'scripts', 'demo', 'busy-writer.ts'), root], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
