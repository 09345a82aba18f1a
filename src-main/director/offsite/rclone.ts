import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { RCLONE_REMOTE_PATTERN } from '../../../shared/offsite-settings.js';
import { probeProcess } from '../../base/process-identity.js';
import { runChild, type ChildCall } from './child-run.js';

// rclone for one target: the config it reads (the admin's rclone.conf, or one HotBackup writes
// with mode 0600 from the target's backend and its opened secrets), the root `name:path`, and
// rclone's errors in words. rclone is always spawned with an argument array, never a shell.

export const RCLONE = process.env.HOTBACKUP_RCLONE ?? 'rclone';

/** rclone options it keeps obscured in its config (rclone marks them as passwords). */
const OBSCURED = new Set(['pass', 'password', 'password2', 'key_file_pass']);

export class OffsiteError extends Error {
  override name = 'OffsiteError';
}

export interface RcloneTarget {
  readonly target: OffsiteTarget;
  readonly configPath: string;
  /** `name:path` or the local folder: where the target's copies live. */
  readonly root: string;
  /** Remove the config HotBackup wrote (if any). */
  close(): Promise<void>;
}

/** `root` joined with more path steps (a remote `name:` gets no slash after its colon). */
export function remoteJoin(root: string, ...steps: string[]): string {
  const rest = steps.filter((s) => s !== '').join('/');
  if (rest === '') return root;
  return root.endsWith(':') || root.endsWith('/') ? root + rest : `${root}/${rest}`;
}

/** Open a target: write its rclone config when HotBackup makes it. `workDir` is private to the Director (0700). */
export async function openTarget(target: OffsiteTarget, workDir: string, openSecret: (sealed: string) => string): Promise<RcloneTarget> {
  const root = remoteJoin(target.remote, target.path);
  if (target.rcloneConfig) return { target, configPath: target.rcloneConfig, root, close: async () => undefined };
  const configPath = join(workDir, `rclone-${target.id}-${process.pid}-${Date.now()}.conf`);
  let text = '';
  if (RCLONE_REMOTE_PATTERN.test(target.remote) && target.backend) {
    const lines = [`[${target.remote.slice(0, -1)}]`, `type = ${target.backend.type}`];
    for (const [k, v] of Object.entries(target.backend.options)) lines.push(`${k} = ${v}`);
    for (const [k, sealed] of Object.entries(target.secretsSealed)) {
      const plain = openSecret(sealed);
      // Each value is one INI line: a line break would add settings (even a remote) to the config.
      if (/[\r\n]/.test(plain)) throw new OffsiteError(`the secret "${k}" of offsite target "${target.label}" holds a line break, which rclone's config cannot hold: enter it again in the target (without the line break)`);
      lines.push(`${k} = ${OBSCURED.has(k) ? await obscure(plain) : plain}`);
    }
    text = lines.join('\n') + '\n';
  }
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  await writeFile(configPath, text, { mode: 0o600 });
  return { target, configPath, root, close: () => rm(configPath, { force: true }) };
}

/**
 * Whether the process that wrote a config at `writtenAtMs` still runs: kill(pid, 0) alone takes a
 * zombie or a pid reused after a reboot for the writer (and would keep its secrets on disk for
 * good), so the pid's state and start time are read from /proc (base/process-identity.ts).
 */
async function writerRuns(pid: number, writtenAtMs: number): Promise<boolean> {
  const p = await probeProcess(pid);
  if (!p || p.state === 'Z' || p.state === 'X') return false;
  // A process started after the config was written is another program with the same pid (2 s
  // allow for the boot time's whole seconds).
  return p.startedAtMs === null || p.startedAtMs <= writtenAtMs + 2000;
}

/**
 * Remove the rclone configs (they hold a target's secrets), fetched file lists (a copy's file
 * names) and offsite restores' work folders (decrypted volumes, named by a note here) that a
 * Director or CLI killed midway (SIGKILL, power cut) left: each names the process that wrote it;
 * one whose process is gone is removed. Returns the names removed.
 */
export async function removeStaleConfigs(workDir: string): Promise<string[]> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const n of names) {
    // Also the folder a copy's file list is fetched into (offsite-manifest.ts: client file names, decrypted).
    const m = /^rclone-.+-(\d+)-(\d+)\.conf$/.exec(n) ?? /^manifest-.+-(\d+)-(\d+)$/.exec(n) ?? /^restore-.+-(\d+)-(\d+)\.json$/.exec(n);
    if (m && !(await writerRuns(Number(m[1]), Number(m[2])))) stale.push(n);
  }
  for (const n of stale) {
    if (n.startsWith('restore-')) await removeRestoreWork(join(workDir, n));
    await rm(join(workDir, n), { recursive: true, force: true });
  }
  return stale;
}

/** An offsite restore's work folder beside its restore folder (fetched parts, decrypted volumes). */
const RESTORE_WORK = /^\.hotbackup-offsite-\d{8}-\d+$/;

/** Note in `workDir` the work folder an offsite restore is about to fill; returns the note's path (removed when the restore ends). */
export async function noteRestoreWork(workDir: string, backupId: string, folder: string): Promise<string> {
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  const note = join(workDir, `restore-${backupId}-${process.pid}-${Date.now()}.json`);
  await writeFile(note, JSON.stringify({ folder }) + '\n', { mode: 0o600 });
  return note;
}

/** The work folder a note names, removed (only a folder named as restores name theirs). */
async function removeRestoreWork(note: string): Promise<void> {
  const folder = await readFile(note, 'utf8').then((s) => (JSON.parse(s) as { folder?: unknown }).folder, () => null);
  if (typeof folder === 'string' && isAbsolute(folder) && RESTORE_WORK.test(basename(folder))) await rm(folder, { recursive: true, force: true });
}

async function obscure(plain: string): Promise<string> {
  const r = await runChild(RCLONE, ['obscure', '-'], { stdin: plain });
  if (r.code !== 0) throw new OffsiteError(`rclone could not prepare a password for its config: ${lastError(r.stderr)}`);
  return r.stdout.trim();
}

/** The flags every call gets: our config, no retry storms, a dead server noticed within seconds. */
const baseFlags = (t: RcloneTarget) => ['--config', t.configPath, '--contimeout', '10s', '--timeout', '60s', '--retries', '1', '--low-level-retries', '2'];

/** Run `rclone <args>` for a target; returns stdout, throws OffsiteError naming the target, the cause in words and the fix. */
export async function rclone(t: RcloneTarget, args: readonly string[], call: ChildCall = {}): Promise<string> {
  const r = await runChild(RCLONE, [...baseFlags(t), ...args], call);
  if (call.signal?.aborted) throw new OffsiteError(`the copy to "${t.target.label}" was stopped (the Director is stopping); it is resumed later`);
  if (r.signal) throw new OffsiteError(`offsite target "${t.target.label}" (${t.root}): rclone was stopped (signal ${r.signal}) before it finished; the next attempt resumes the copy`);
  if (r.code !== 0) throw new OffsiteError(`offsite target "${t.target.label}" (${t.root}): ${rcloneWords(r.stderr)}`);
  return r.stdout;
}

/** Like `rclone` but resolves with the exit instead of throwing (a missing file is an answer). */
export function rcloneRaw(t: RcloneTarget, args: readonly string[], call: ChildCall = {}) {
  return runChild(RCLONE, [...baseFlags(t), ...args], call);
}

/** A line of rclone's log as text (its JSON log's message, or the plain line without its time). */
function logText(line: string): string {
  if (line.startsWith('{')) {
    try {
      const j = JSON.parse(line) as { level?: string; msg?: string; stats?: unknown };
      return j.stats ? '' : `${(j.level ?? '').toUpperCase()}: ${(j.msg ?? '').trim()}`;
    } catch {
      return line;
    }
  }
  return line.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, '').trim();
}

function lastError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map(logText)
    .filter((l) => l && !/^(NOTICE|WARNING): Config file .* not found/i.test(l));
  return lines.filter((l) => /error|fail|couldn't|not found|denied/i.test(l)).pop() ?? lines.pop() ?? 'rclone ended without saying why';
}

/** rclone's error text in words, with the fix. */
export function rcloneWords(stderr: string): string {
  const e = lastError(stderr);
  const known: [RegExp, string][] = [
    [/ssh-agent|SSH_AUTH_SOCK/i, 'no password or key file is set for it (rclone looked for an SSH agent instead): set its password (or key_file) in the target'],
    [/connection refused/i, 'nothing answers at that address (the server is down, or the host or port is wrong): start the server or correct the target'],
    [/no such host|name resolution|server misbehaving/i, 'its host name cannot be found: correct the host name, or check the network and DNS'],
    [/i\/o timeout|deadline exceeded|timed out|timeout awaiting/i, 'it did not answer in time: check that the server is up and reachable from this computer'],
    [/unable to authenticate|authentication failed|401|403|access denied|permission denied|SignatureDoesNotMatch|InvalidAccessKeyId/i, 'it refused access (wrong user, password or key, or no right to write there): correct the credentials'],
    [/didn't find section in config file|config file .* not found|unknown backend/i, 'its remote is not in the rclone config: correct the remote name or the rclone.conf path'],
    [/no space left|quota/i, 'it is full: make room on it or lower its retention'],
    [/directory not found|object not found|not found/i, 'a file or folder it should hold is not there'],
  ];
  const hit = known.find(([re]) => re.test(e));
  return hit ? `${hit[1]} (rclone: ${e})` : `rclone failed: ${e}`;
}
