import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/settings.js';
import { packageRoot } from '../../client/package-root.js';

// Acceptance 2 of issue 14: SIGKILL a headless Director and an in-process CLI run at 20 random
// points each (seeded; the seed is printed, HB_KILL_SEED=<n> repeats it), across every phase
// (statistics, locking, the database copy, streaming, validating, retention). After each kill
// and the next start: no good backup changed (same bytes; they verify at the end), no run left
// In Progress (BACKUP.LOG and the listing), no work files (.staging, .deleting-*, *.tmp), and
// every attempt is in the run history. A separate process writes the SQLite database all along.
// Cost on a 2-core CI machine: the phases to kill in are dealt out in turn (each phase gets 2 or 3
// of each mode's 20 kills, the delay within it is random), so no phase is left to chance and no
// extra kills are needed; the data is small, and the database stays the same size while it is
// written (each new row replaces the oldest), so the last runs take as long as the first.

const pkg = packageRoot();
const bin = join(pkg, 'bin', 'hotbackup.js');
const seed = Number(process.env.HB_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = 20;
// Phases to kill in, dealt out in turn; a random delay after the phase shows may land in the next one.
const TARGETS = ['Initializing', 'Gathering File Statistics', 'Making Backup Folder', 'Locking Files', 'Saving Files', 'Streaming Files', 'Validating Save', 'Removing Old Backups'];

const SHORT = new Set(['Initializing', 'Making Backup Folder', 'Locking Files', 'Removing Old Backups']);

/** mulberry32: a small seeded generator, so a failing sequence can be run again. */
function rng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let root = '';
let cfg = '';
let hb = '';
let writer: ChildProcess | null = null;
const spawned = new Set<ChildProcess>();

// Writes into a WAL database for the whole test: new rows (each replacing the oldest, so its size
// stays put), updated rows, a checkpoint now and then.
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, body BLOB, n INTEGER)');
const ins = db.prepare('INSERT INTO ledger (body, n) VALUES (?, 0)');
const upd = db.prepare('UPDATE ledger SET n = n + 1 WHERE id = (SELECT min(id) FROM ledger) + ?');
const drop = db.prepare('DELETE FROM ledger WHERE id = (SELECT min(id) FROM ledger)');
const crypto = require('crypto');
db.transaction(() => { for (let i = 0; i < 200; i++) ins.run(crypto.randomBytes(16384)); })();
process.stdout.write('ready\\n');
let k = 0;
setInterval(() => {
  db.transaction(() => { ins.run(crypto.randomBytes(4096)); drop.run(); upd.run(k % 200); })();
  if (++k % 25 === 0) db.pragma('wal_checkpoint(PASSIVE)');
}, 40);
`;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build:main'], { cwd: pkg, stdio: 'ignore' });
  root = await mkdtemp(join(tmpdir(), 'hb-kill9-'));
  cfg = join(root, 'cfg');
  hb = join(root, 'HotBackup');
  const data = join(root, 'data');
  await mkdir(join(data, 'scans'), { recursive: true });
  for (let i = 0; i < 3; i++) await writeFile(join(data, 'scans', `scan-${i}.bin`), randomBytes(1024 * 1024));
  for (let i = 0; i < 60; i++) await writeFile(join(data, `note-${i}.txt`), `note ${i} ${randomBytes(200).toString('hex')}`);
  const settings = defaultSettings('linux', root);
  settings.folder.path = hb;
  settings.dataDirectories = [{ path: data, label: 'office', exclude: [] }];
  settings.engine.compression = 'none';
  settings.engine.volumeSize = 2 * 1024 * 1024;
  settings.retention = { recent: 2, archive: 1 };
  await mkdir(cfg);
  await writeFile(join(cfg, 'settings.json'), JSON.stringify(settings));
  writer = spawn(process.execPath, ['-e', WRITER, join(data, 'books.sqlite')], { cwd: pkg, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    writer!.stdout!.once('data', () => resolve());
    writer!.once('exit', (c) => reject(new Error(`the database writer exited (${c})`)));
  });
}, 120_000);

afterAll(async () => {
  writer?.kill('SIGKILL');
  for (const p of spawned) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

const cli = (...args: string[]) => execFileSync(process.execPath, [bin, '--config-dir', cfg, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function start(args: string[]): { proc: ChildProcess; out: () => string; exited: Promise<void> } {
  const proc = spawn(process.execPath, [bin, '--config-dir', cfg, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.add(proc);
  let text = '';
  proc.stdout!.on('data', (d) => (text += String(d)));
  proc.stderr!.on('data', (d) => (text += String(d)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { proc, out: () => text, exited };
}

/** Kill `victim` (SIGKILL) once `watched` prints the target phase, after `delayMs`; false when the run ended first. */
function killAt(watched: ChildProcess, victim: ChildProcess, phase: string, delayMs: number): Promise<{ killed: boolean; seen: string }> {
  return new Promise((resolve) => {
    let seen = '';
    let armed = false;
    const onData = (d: Buffer) => {
      for (const m of String(d).matchAll(/— ([A-Za-z ]+?)\s*(?:\[|\n|$)/g)) seen = m[1]!;
      if (!armed && String(d).includes(phase)) {
        armed = true;
        setTimeout(() => {
          const alive = victim.exitCode === null && victim.signalCode === null;
          if (alive) victim.kill('SIGKILL');
          resolve({ killed: alive, seen });
        }, delayMs);
      }
    };
    watched.stderr!.on('data', onData);
    watched.once('exit', () => {
      if (!armed) resolve({ killed: false, seen });
    });
  });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file of a stored backup (volumes, MANIFEST.json, scripts) and its hash; HB.LOG is appended to by verify. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== 'HB.LOG' && statSync(join(dir, name)).isFile()) out[name] = sha(join(dir, name));
  return out;
}

function whereIs(id: string): string[] {
  return ['Recent', 'Archive', 'Failed'].filter((f) => existsSync(join(hb, f, id)));
}

/** Work files anywhere in the HotBackup folder: staging copies, half-deleted backups, temp files. */
function workFiles(dir = hb, depth = 0): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.name === '.staging' || e.name.startsWith('.deleting-') || e.name.endsWith('.tmp')) found.push(p);
    else if (e.isDirectory() && depth < 2) found.push(...workFiles(p, depth + 1));
  }
  return found;
}

interface Listed {
  records: { id: string; result: string; folder: string; error: string }[];
}

describe('SIGKILL at random points', () => {
  it(`leaves good backups, the listing, the work files and the history right (seed ${seed})`, async () => {
    console.log(`kill9-random: seed ${seed} (HB_KILL_SEED=${seed} repeats this sequence)`);
    const random = rng(seed);
    const goods = new Map<string, Record<string, string>>();
    let attempts = 0;
    const killedIn: string[] = [];

    const check = (label: string) => {
      // The next start: an in-process Director settles what the killed process left.
      const listing = JSON.parse(cli('list', '--json')) as Listed;
      const log = readFileSync(join(hb, 'BACKUP.LOG'), 'utf8');
      expect(log, label).not.toContain('In Progress');
      expect(listing.records.filter((r) => r.result === 'In Progress'), label).toEqual([]);
      expect(workFiles(), label).toEqual([]);
      for (const [id, prints] of goods) {
        const at = whereIs(id);
        const listed = listing.records.find((r) => r.id === id);
        if (at.length === 0) {
          expect(listed, `${label}: ${id} removed by retention is not listed`).toBeUndefined();
          continue;
        }
        expect(at, `${label}: ${id}`).toHaveLength(1);
        expect(at[0], `${label}: ${id}`).not.toBe('Failed');
        expect(listed?.result, `${label}: ${id}`).toBe('Succeeded');
        expect(fingerprint(join(hb, at[0]!, id)), `${label}: ${id} unchanged`).toEqual(prints);
      }
      for (const r of listing.records) {
        if (r.result === 'Succeeded' && !goods.has(r.id)) goods.set(r.id, fingerprint(join(hb, r.folder, r.id)));
      }
      const history = readFileSync(join(cfg, 'run-history.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"begin"'));
      expect(history.length, `${label}: every attempt in the history`).toBe(attempts);
    };

    // A good backup to protect before the first kill.
    attempts++;
    cli('backup', '--user', 'setup');
    check('first backup');
    expect(goods.size).toBe(1);

    for (const mode of ['director', 'cli'] as const) {
      const firstTarget = Math.floor(random() * TARGETS.length);
      for (let i = 0; i < KILLS; i++) {
        // Dealt out in turn from a random start: every phase gets 2 or 3 of the 20 kills of each mode.
        const phase = TARGETS[(i + firstTarget) % TARGETS.length]!;
        // Short phases get a short delay, or the kill would almost always land in the next one.
        const delay = Math.floor(random() * (SHORT.has(phase) ? 15 : 250));
        const label = `${mode} kill ${i + 1} (${phase} + ${delay} ms)`;
        let outcome: { killed: boolean; seen: string };
        if (mode === 'director') {
          const director = start(['director', '--listen', '127.0.0.1:0']);
          await new Promise<void>((resolve, reject) => {
            const t = setInterval(() => {
              if (/Console: \S+/.test(director.out())) {
                clearInterval(t);
                resolve();
              }
              if (director.proc.exitCode !== null) {
                clearInterval(t);
                reject(new Error(`the Director exited: ${director.out()}`));
              }
            }, 20);
          });
          const client = start(['backup', '--user', `kill-${i}`]);
          attempts++;
          outcome = await killAt(client.proc, director.proc, phase, delay);
          if (!outcome.killed) director.proc.kill('SIGKILL');
          await director.exited;
          await client.exited;
        } else {
          const run = start(['backup', '--user', `kill-${i}`]);
          attempts++;
          outcome = await killAt(run.proc, run.proc, phase, delay);
          await run.exited;
        }
        killedIn.push(`${mode}:${outcome.killed ? outcome.seen || 'start' : 'ended first'}`);
        check(label);
      }
    }
    console.log(`kill9-random: killed in ${killedIn.join(', ')}`);
    // Every phase was reached by some kill (the seed decides which; the sequence is printed above).
    expect(killedIn.filter((k) => !k.endsWith('ended first')).length).toBeGreaterThan(KILLS);

    // The good backups still there verify, byte for byte against their manifests.
    const survivors = [...goods.keys()].filter((id) => whereIs(id).length === 1);
    expect(survivors.length).toBeGreaterThan(0);
    for (const id of survivors) expect(() => cli('verify', id), id).not.toThrow();
  }, 600_000);
});
