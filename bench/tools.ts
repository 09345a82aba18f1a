// The other tools the bench compares with: restic and borg are installed with apt when missing
// (root only; otherwise their rows say "not installed"), pigz likewise.
import { spawnSync } from 'node:child_process';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Which of pigz, restic, borg are there after trying to install the missing ones. */
export function ensureTools(): Record<'pigz' | 'restic' | 'borg', boolean> {
  const pkgs: Record<string, string> = { pigz: 'pigz', restic: 'restic', borg: 'borgbackup' };
  const missing = Object.keys(pkgs).filter((c) => !has(c));
  if (missing.length && process.getuid?.() === 0) {
    console.log(`Installing ${missing.join(', ')} with apt-get ...`);
    spawnSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${missing.map((m) => pkgs[m]).join(' ')} >/dev/null 2>&1`], { stdio: 'inherit' });
  }
  return { pigz: has('pigz'), restic: has('restic'), borg: has('borg') };
}
