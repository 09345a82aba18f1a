import { vi } from 'vitest';
import { runCli } from '../main.js';

/** Run `hotbackup --config-dir DIR ARGS…` in-process and capture what it prints (tests only). */
export async function runCliCaptured(configDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await runCli(['--config-dir', configDir, ...args]), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
