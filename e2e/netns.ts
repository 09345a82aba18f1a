import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Why this machine cannot make two network hosts, or null when it can (root with `ip netns`). */
export function whyNoNetns(): string | null {
  if (process.getuid?.() !== 0) return 'making network namespaces (ip netns) needs root; run the e2e tests as root to exercise two real network hosts';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'the ip command (iproute2) with netns support is not available';
  }
  return null;
}

export interface TwoHosts {
  server: { ns: string; address: string };
  pc: { ns: string; address: string };
  /** A command prefix that runs a program on that host. */
  on(host: 'server' | 'pc'): string[];
  /** An executable that starts Chromium on the PC host (for Playwright's executablePath). */
  chromiumOnPc(dir: string, chromium: string): Promise<string>;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Two network hosts joined by a veth pair: the "server" and the "PC", each its own network
 * namespace, with addresses the test assigns itself (10.213.N.1 and .2/30, N from the pid).
 */
export function makeTwoHosts(): TwoHosts {
  const tag = `hb${process.pid}`;
  const n = (process.pid % 250) + 1;
  const server = { ns: `${tag}s`, address: `10.213.${n}.1` };
  const pc = { ns: `${tag}p`, address: `10.213.${n}.2` };
  const remove = () => {
    for (const ns of [server.ns, pc.ns]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not made (a failed set-up) or already gone
      }
    }
  };
  try {
    ip('netns', 'add', server.ns);
    ip('netns', 'add', pc.ns);
    ip('link', 'add', `${tag}a`, 'type', 'veth', 'peer', 'name', `${tag}b`);
    ip('link', 'set', `${tag}a`, 'netns', server.ns);
    ip('link', 'set', `${tag}b`, 'netns', pc.ns);
    ip('-n', server.ns, 'addr', 'add', `${server.address}/30`, 'dev', `${tag}a`);
    ip('-n', pc.ns, 'addr', 'add', `${pc.address}/30`, 'dev', `${tag}b`);
    for (const [ns, dev] of [[server.ns, `${tag}a`], [pc.ns, `${tag}b`]] as const) {
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  const on = (host: 'server' | 'pc') => ['ip', 'netns', 'exec', host === 'server' ? server.ns : pc.ns];
  return {
    server,
    pc,
    on,
    chromiumOnPc: async (dir, chromium) => {
      const file = join(dir, 'chromium-on-pc.sh');
      await writeFile(file, `#!/bin/sh\nexec ip netns exec ${pc.ns} ${chromium} "$@"\n`);
      await chmod(file, 0o755);
      return file;
    },
    remove,
  };
}
