// A real SFTP or WebDAV server on 127.0.0.1 for the offsite tests: `rclone serve sftp|webdav` on a
// free port, with throwaway credentials and (SFTP) a throwaway host key. Not shipped code.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServedRemote {
  port: number;
  user: string;
  pass: string;
  stop(): Promise<void>;
}

export function serveRemote(kind: 'sftp' | 'webdav', dir: string, work: string): Promise<ServedRemote> {
  const user = 'office';
  const pass = `pw-${Math.random().toString(36).slice(2)}`;
  const args = ['serve', kind, dir, '--addr', '127.0.0.1:0', '--user', user, '--pass', pass, '--config', join(work, 'none.conf')];
  if (kind === 'sftp') {
    const key = join(work, 'host_ed25519');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    writeFileSync(join(work, 'no-authorized-keys'), '');
    args.push('--key', key, '--authorized-keys', join(work, 'no-authorized-keys'));
  }
  const child = spawn('rclone', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    // A server that never says where it listens is stopped, never left behind.
    const giveUp = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`rclone serve ${kind} did not say where it listens within 20 s: ${log}`));
    }, 20_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`rclone serve ${kind} ended (exit ${code}): ${log}`)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      log += s;
      const m = /(?:listening on |started on http:\/\/)127\.0\.0\.1:(\d+)/.exec(log);
      if (!m) return;
      clearTimeout(giveUp);
      child.removeAllListeners('exit');
      resolve({
        port: Number(m[1]),
        user,
        pass,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
