import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

// One external program (rclone, age, age-keygen) run without a shell: arguments as an array,
// stdout captured or piped, stderr kept for the error in words.

export interface ChildCall {
  /** stdin fed from this stream (ended when it ends), or these bytes, or nothing. */
  stdin?: Readable | Buffer | string;
  /** stdout piped into this stream instead of captured. */
  stdout?: Writable;
  signal?: AbortSignal;
  /** Each stderr line as it comes (rclone's JSON log with stats). */
  onStderrLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Told the child's process ID once it runs (tests stop an upload midway). */
  onSpawn?: (pid: number) => void;
}

/**
 * Most stdout kept in memory (a listing of a target). More (a hostile or broken target) stops the
 * program with an error: held whole it would take the Director's memory, and past Node's longest
 * string it threw where nothing catches it (the Director gone).
 */
export const MAX_CAPTURED_STDOUT = 256 * 1024 * 1024;

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class ProgramMissingError extends Error {
  override name = 'ProgramMissingError';
}

/** Run `program args…`; resolves with its exit (never throws on a non-zero exit). */
export function runChild(program: string, args: readonly string[], call: ChildCall = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args], { stdio: ['pipe', 'pipe', 'pipe'], env: call.env ?? process.env, signal: call.signal, killSignal: 'SIGTERM' });
    if (child.pid !== undefined) call.onSpawn?.(child.pid);
    const out: Buffer[] = [];
    let outBytes = 0;
    let tooLong = false;
    let err = '';
    let pending = '';
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new ProgramMissingError(`${program} is not installed (it was not found on PATH): install it (Debian: apt-get install ${program === 'age-keygen' ? 'age' : program})`));
      else if (e.name === 'AbortError') resolve({ code: null, signal: 'SIGTERM', stdout: '', stderr: err });
      else reject(e);
    });
    if (call.stdout) child.stdout.pipe(call.stdout, { end: false });
    else
      child.stdout.on('data', (b: Buffer) => {
        if (tooLong) return;
        outBytes += b.length;
        if (outBytes <= MAX_CAPTURED_STDOUT) return void out.push(b);
        tooLong = true;
        out.length = 0;
        child.kill('SIGTERM');
      });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err = (err + s).slice(-64 * 1024);
      if (!call.onStderrLine) return;
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) call.onStderrLine(l);
    });
    child.stdin.on('error', () => undefined);
    if (call.stdin === undefined) child.stdin.end();
    else if (typeof call.stdin === 'string' || Buffer.isBuffer(call.stdin)) child.stdin.end(call.stdin);
    else {
      call.stdin.on('error', (e) => child.kill('SIGTERM') && reject(e));
      call.stdin.pipe(child.stdin);
    }
    let stdoutDone = !call.stdout;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const finish = () => {
      if (!exit || !stdoutDone) return;
      if (tooLong) resolve({ code: 1, signal: null, stdout: '', stderr: `${err}\n${program} printed more than ${MAX_CAPTURED_STDOUT / 1024 / 1024} MiB (far more than HotBackup's own files on a target hold) and was stopped: check what the target holds` });
      else resolve({ ...exit, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    };
    if (call.stdout) child.stdout.on('end', () => ((stdoutDone = true), finish()));
    child.on('close', (code, signal) => {
      exit = { code, signal };
      stdoutDone = true;
      finish();
    });
  });
}
