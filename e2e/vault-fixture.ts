import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupRecord } from '../shared/vault.js';
import type { RunningDirector } from './director.js';

// Real backups for the Vault e2e: an office data directory, the real CLI making backups into
// Recent, Archive and Failed (a file rewritten non-stop never settles and fails its run).

export interface VaultOffice {
  data: string;
  hotBackupFolder: string;
  /** IDs in run order: ok1 (moved to Archive), failed, ok2, ok3 (Recent). */
  ids: { ok1: string; failed: string; ok2: string; ok3: string };
}

export const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

async function cli(director: RunningDirector, ...args: string[]) {
  const r = await director.cli(...args);
  if (r.code !== 0) throw new Error(`hotbackup ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

export async function listJson(director: RunningDirector): Promise<BackupRecord[]> {
  return (JSON.parse(await cli(director, 'list', '--json')) as { records: BackupRecord[] }).records;
}

/** `hotbackup backup --json`: the new backup's ID (and whether it succeeded). */
export async function backup(director: RunningDirector, expectOk = true): Promise<string> {
  const r = await director.cli('backup', '--json', '--user', 'e2e');
  if ((r.code === 0) !== expectOk) throw new Error(`hotbackup backup exited ${r.code} (wanted ${expectOk ? 'success' : 'failure'}): ${r.stderr}${r.stdout}`);
  const out = JSON.parse(r.stdout) as { outcome?: { id: string | null }; id?: string };
  const id = out.outcome?.id ?? out.id;
  if (!id) throw new Error(`hotbackup backup printed no ID: ${r.stdout}`);
  return id;
}

// Rewrites a 2 MiB file in place without pause: every read sees it change.
const CHURN = `
const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'r+');
const a = Buffer.alloc(2097152, 97), b = Buffer.alloc(2097152, 98);
let i = 0;
process.stdout.write('ready\\n');
for (;;) fs.writeSync(fd, (i++ & 1) ? a : b, 0, 2097152, 0);
`;

/** A run that fails at "Locking Files": files rewritten non-stop never settle (retried: a lucky read can settle). */
export async function failingBackup(director: RunningDirector, data: string): Promise<string> {
  const files = [1, 2, 3, 4].map((n) => join(data, `busy-${n}.dat`));
  const churns: ChildProcess[] = [];
  try {
    for (const file of files) {
      await writeFile(file, Buffer.alloc(2097152, 97));
      const churn = spawn(process.execPath, ['-e', CHURN, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      churns.push(churn);
      await new Promise<void>((resolve) => churn.stdout!.once('data', () => resolve()));
    }
    for (let attempt = 1; ; attempt++) {
      const r = await director.cli('backup', '--json', '--user', 'e2e');
      const out = JSON.parse(r.stdout || '{}') as { outcome?: { id: string | null; result: string } };
      if (out.outcome?.result === 'Failed' && out.outcome.id) return out.outcome.id;
      if (attempt === 4) throw new Error(`four backups of files that never stop changing all succeeded: ${r.stdout}${r.stderr}`);
    }
  } finally {
    for (const churn of churns) {
      const exited = new Promise((r) => churn.once('exit', r));
      churn.kill('SIGKILL');
      await exited;
    }
    for (const file of files) await rm(file, { force: true });
  }
}

/** The office's files; `version` changes what the letters say. */
export async function writeOffice(data: string, version: string): Promise<void> {
  await mkdir(join(data, 'Clients', 'Smith'), { recursive: true });
  await mkdir(join(data, 'Letters'), { recursive: true });
  await writeFile(join(data, 'Clients', 'Smith', 'engagement.txt'), `Engagement letter for Smith, ${version}\n`);
  await writeFile(join(data, 'Clients', 'Smith', 'invoice.txt'), `Invoice 1001 for Smith, ${version}\n`);
  await writeFile(join(data, 'Clients', 'jones.txt'), `Jones matter notes, ${version}\n`);
  await writeFile(join(data, 'Letters', 'welcome.txt'), `Welcome to our office, ${version}\n`);
  const db = new Database(join(data, 'ledger.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, text TEXT)');
  db.prepare('INSERT INTO entries (text) VALUES (?)').run(`entry ${version}`);
  db.close();
}

/** Four real runs: ok1, failed, ok2, ok3 with Recent = 2, so ok1 moves to Archive. */
export async function makeVault(director: RunningDirector): Promise<VaultOffice> {
  const data = join(director.configDir, 'Office Data');
  const hotBackupFolder = join(director.configDir, 'HotBackup');
  await writeOffice(data, 'v1');
  await cli(director, 'settings', 'set', 'folder.path', hotBackupFolder);
  await cli(director, 'settings', 'set', 'retention', JSON.stringify({ recent: 2, archive: 5 }));
  await cli(director, 'settings', 'set', 'engine.settleAttempts', '1');
  await cli(director, 'settings', 'set', 'dataDirectories', JSON.stringify([{ path: data, label: 'Office', exclude: [] }]));
  const ok1 = await backup(director);
  const failed = await failingBackup(director, data);
  await writeOffice(data, 'v2');
  const ok2 = await backup(director);
  await writeOffice(data, 'v3');
  const ok3 = await backup(director);
  return { data, hotBackupFolder, ids: { ok1, failed, ok2, ok3 } };
}

/** MANIFEST.json of a backup in Recent or Archive. */
export async function manifestOf(folder: string): Promise<{ entries: { path: string; kind: string; sha256: string | null }[] }> {
  return JSON.parse(await readFile(join(folder, 'MANIFEST.json'), 'utf8'));
}
