// `npm run demo`: a sample office with busy users, a Director backing it up, and the console URL.
// Everything lives in one temporary folder that Ctrl-C removes (HOTBACKUP_DEMO_KEEP=1 keeps it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createOfficeData } from '../e2e/fixtures/office-data.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'hotbackup.js');
const keep = process.env.HOTBACKUP_DEMO_KEEP === '1';
const listen = process.env.HOTBACKUP_DEMO_LISTEN ?? '127.0.0.1:0';

const say = (line = '') => process.stdout.write(line + '\n');
const children: ChildProcess[] = [];

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function runCli(configDir: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--config-dir', configDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'hotbackup-demo-'));
  const configDir = join(root, 'config');
  const hotBackupFolder = join(root, 'HotBackup');
  await mkdir(configDir);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the busy users and the Director…');
    await Promise.all(children.map(stopChild));
    if (keep) say(`Kept the demo folder: ${root}`);
    else await rm(root, { recursive: true, force: true });
    say(keep ? 'Done.' : `Done: removed ${root}.`);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  say('Creating a sample office: a SQLite ledger (WAL) and client documents…');
  const office = await createOfficeData(join(root, 'Office Data'), { scanBytes: 2 * 1024 * 1024 });

  // Own process groups: the terminal's Ctrl-C reaches only this script, which then stops them in order.
  const writer = spawn(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'demo', 'busy-writer.ts'), office.root], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  children.push(writer);

  const director = spawn(process.execPath, [bin, '--config-dir', configDir, 'director', '--listen', listen], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(director);
  createInterface({ input: director.stderr! }).on('line', (l) => process.stderr.write(`[director] ${l}\n`));
  for (const child of [writer, director]) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`The ${child === writer ? 'busy writer' : 'Director'} stopped unexpectedly (${signal ?? `exit ${code}`}).\n`);
      void shutdown(1);
    });
  }
  const consoleUrl = await new Promise<string>((resolve) => {
    createInterface({ input: director.stdout! }).on('line', (line) => {
      const m = /^Console: (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
  });

  for (const [key, value] of [
    ['folder.path', hotBackupFolder],
    ['dataDirectories', JSON.stringify([{ path: office.root, label: 'Office Data', exclude: ['*.tmp'] }])],
  ] as const) {
    const r = await runCli(configDir, ['settings', 'set', key, value]);
    if (r.code !== 0) {
      process.stderr.write(`Could not configure the demo (${key}): ${r.stderr}`);
      return shutdown(1);
    }
  }

  say();
  say('HotBackup demo is running.');
  say(`  Console:          ${consoleUrl}`);
  say(`  Office data:      ${office.root}  (busy users write to the ledger and notes every 150 ms)`);
  say(`  HotBackup folder: ${hotBackupFolder}`);
  say(`  Config folder:    ${configDir}`);
  say();
  say('Open the console and press "Back Up Data Files", or from another terminal:');
  say(`  node ${bin} --config-dir "${configDir}" backup`);
  say(`  node ${bin} --config-dir "${configDir}" list`);
  say();
  say(`Press Ctrl-C to stop. ${keep ? 'The demo folder is kept.' : 'The demo folder is removed (HOTBACKUP_DEMO_KEEP=1 keeps it).'}`);
  say(`Demo folder: ${root}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${(err as Error).message}\n`);
  void Promise.all(children.map(stopChild)).then(() => process.exit(1));
});
