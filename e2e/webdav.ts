import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A real WebDAV server (`rclone serve webdav`) on 127.0.0.1, serving `folder`. */
export async function startWebdav(folder: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn('rclone', ['serve', 'webdav', '--addr', '127.0.0.1:0', folder], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const m = /WebDav Server started on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`rclone serve webdav exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
