/**
 * The HotBackup folder checked before it is trusted (when saved, before each run): not on a
 * pseudo-filesystem (/proc, /sys, cgroup, … judged by the filesystem type in /proc/self/mountinfo
 * or the statfs magic, not by the path), and a probe file can be created, written, fsynced and
 * removed within a time limit.
 *
 * Hand-written and run in a child process on purpose: a call into a hung filesystem (a dead
 * network share, a drive that stopped answering) blocks inside the kernel and cannot be
 * interrupted — not on the event loop, not in a worker thread (which cannot be ended out of a
 * blocked syscall). A child process is abandoned and killed on timeout; the Director never waits
 * on it. The child's code is a plain script (below) so it runs under Node and Electron alike.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The probe's file in the folder (removed at once; a leftover from a killed probe is harmless). */
export const PROBE_NAME = '.HOTBACKUP.PROBE';

/** Default time limit; `HOTBACKUP_FOLDER_PROBE_TIMEOUT_MS` changes it (slow network shares). */
export const PROBE_TIMEOUT_MS = 20_000;

export function probeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HOTBACKUP_FOLDER_PROBE_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : PROBE_TIMEOUT_MS;
}

// Filesystem types that hold no files of their own (kernel views and control files).
const PSEUDO_TYPES = [
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf',
  'configfs', 'fusectl', 'mqueue', 'binfmt_misc', 'efivarfs', 'rpc_pipefs', 'nsfs', 'autofs', 'selinuxfs', 'hugetlbfs',
];
// statfs f_type magics of the same, where mountinfo cannot be read.
const PSEUDO_MAGIC: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1cd1: 'devpts', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2', 0x64626720: 'debugfs',
  0x74726163: 'tracefs', 0x73636673: 'securityfs', 0x6165676c: 'pstore', 0xcafe4a11: 'bpf', 0x62656570: 'configfs',
  0x19800202: 'mqueue', 0x42494e4d: 'binfmt_misc', 0xde5e81e4: 'efivarfs', 0x6e736673: 'nsfs', 0xf97cff8c: 'selinuxfs',
};

const CHILD = `
const fs = require('fs');
const path = require('path');
const [target, create, probeName, pseudoJson, magicJson] = process.argv.slice(1);
const pseudo = new Set(JSON.parse(pseudoJson));
const magic = JSON.parse(magicJson);
const say = (o) => { process.stdout.write(JSON.stringify(o)); process.exit(0); };
const unescape = (s) => s.replace(/\\\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
function nearestExisting(p) {
  for (;;) {
    try { if (fs.statSync(p).isDirectory()) return fs.realpathSync(p); } catch {}
    const up = path.dirname(p);
    if (up === p) return null;
    p = up;
  }
}
// The pseudo-filesystem the path lies on or below (a tmpfs mounted inside /sys is still refused).
function pseudoOf(real) {
  let best = null;
  let read = false;
  try {
    for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\\n')) {
      read = true;
      const parts = line.split(' ');
      const dash = parts.indexOf('-');
      if (dash < 0) continue;
      const mount = unescape(parts[4]);
      const inside = real === mount || real.startsWith(mount === '/' ? '/' : mount + '/');
      if (inside && pseudo.has(parts[dash + 1]) && (!best || mount.length < best.mount.length)) best = { mount, type: parts[dash + 1] };
    }
  } catch {}
  if (best || read) return best;
  try { const t = fs.statfsSync(real).type; if (magic[t]) return { mount: real, type: magic[t] }; } catch {}
  return null;
}
try {
  const near = nearestExisting(target);
  if (!near) say({ problem: 'none of its parent folders exists', fix: 'check the path' });
  const t = pseudoOf(near);
  if (t) say({ pseudo: t.type, mount: t.mount });
  let dir = near;
  // A recursive mkdir on a read-only drive says ENOENT: the nearest folder's own answer names the cause.
  if (create === '1') { try { fs.mkdirSync(target, { recursive: true }); } catch (e) { if (e && e.code === 'ENOENT') fs.accessSync(near, fs.constants.W_OK); throw e; } dir = target; }
  const file = path.join(dir, probeName);
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o600);
  try { fs.writeSync(fd, 'HotBackup checks that this folder can be written. Safe to delete.\\n'); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  fs.unlinkSync(file);
  say({ ok: true });
} catch (err) {
  say({ code: err && err.code || null, message: String(err && err.message || err) });
}
`;

export type ProbeOutcome =
  | { ok: true }
  | { ok: false; kind: 'pseudo' | 'timeout' | 'error' | 'aborted'; message: string; code?: string | null };

/** Words for an errno the probe met (never the raw text). */
function errnoCause(code: string | null): string {
  switch (code) {
    case 'EACCES': case 'EPERM': return 'this account is not allowed to write there';
    case 'EROFS': return 'the drive is read-only';
    case 'ENOSPC': case 'EDQUOT': return 'the drive is full';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'ELOOP': return 'a test file there is a symbolic link';
    case 'EIO': return 'the drive reported an input/output error (failing or disconnected?)';
    case 'ENOENT': return 'the folder vanished while it was checked (drive disconnected?)';
    default: return `the filesystem refused it${code ? ` (${code})` : ''}`;
  }
}

export interface ProbeOptions {
  /** Create the folder (before a run); when saving settings only its nearest existing parent is written to. */
  create: boolean;
  timeoutMs?: number;
  /** A cancel or shutdown ends the probe at once (its child is killed, never left behind). */
  signal?: AbortSignal;
}

/**
 * Check the HotBackup folder in a child process; resolves (never rejects) within the time limit
 * plus process start-up, however the filesystem behaves.
 */
export function probeHotBackupFolder(folder: string, opts: ProbeOptions): Promise<ProbeOutcome> {
  const target = resolve(folder);
  const timeoutMs = opts.timeoutMs ?? probeTimeoutMs();
  const args = ['-e', CHILD, target, opts.create ? '1' : '0', PROBE_NAME, JSON.stringify(PSEUDO_TYPES), JSON.stringify(PSEUDO_MAGIC)];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let out = '';
    let settled = false;
    const finish = (o: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      done(o);
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      child.unref();
      finish({ ok: false, kind: 'aborted', message: `The check of the HotBackup folder "${folder}" was stopped.` });
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      // A child stuck in the kernel may outlive the signal; it is not waited for.
      child.kill('SIGKILL');
      child.unref();
      finish({
        ok: false, kind: 'timeout',
        message: `The HotBackup folder "${folder}" did not answer within ${Math.round(timeoutMs / 1000)} s (creating and writing a test file in it hung): the drive or network share may be hung or disconnected. Check it (reconnect or remount it) or choose another folder.`,
      });
    }, timeoutMs);
    child.stdout!.on('data', (d) => (out += String(d)));
    child.once('error', (err) => finish({ ok: false, kind: 'error', message: `The HotBackup folder "${folder}" could not be checked: the check could not start (${err.message}).` }));
    child.once('close', () => {
      let r: { ok?: boolean; pseudo?: string; mount?: string; problem?: string; fix?: string; code?: string | null } = {};
      try {
        r = JSON.parse(out) as typeof r;
      } catch {
        return finish({ ok: false, kind: 'error', message: `The HotBackup folder "${folder}" could not be checked: the check ended without an answer. Try again; if it keeps happening, choose another folder.` });
      }
      if (r.ok) return finish({ ok: true });
      if (r.pseudo) {
        return finish({
          ok: false, kind: 'pseudo',
          message: `The HotBackup folder "${folder}" is on ${r.mount} (a ${r.pseudo} filesystem), a view of the running system that cannot hold files. Choose a folder on a real drive, e.g. a backup disk or a share.`,
        });
      }
      if (r.problem) return finish({ ok: false, kind: 'error', message: `The HotBackup folder "${folder}" cannot be used: ${r.problem}; ${r.fix ?? 'choose another folder'}.` });
      finish({
        ok: false, kind: 'error', code: r.code ?? null,
        message: `The HotBackup folder "${folder}" cannot be written: a test file could not be created, written and removed there (${errnoCause(r.code ?? null)}). Check the drive and its permissions, or choose another folder.`,
      });
    });
  });
}
