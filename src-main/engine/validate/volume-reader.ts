import { join } from 'node:path';
import type { HashThread } from '../stream/hash-thread.js';
import type { VolumeInfo } from '../manifest/manifest.js';

export interface VolumeCheck {
  name: string;
  expectedSize: number;
  expectedSha256: string;
  actualSize: number | null;
  actualSha256: string | null;
  /** null when the volume is as the manifest says. */
  problem: string | null;
}

/** Each volume re-read and hashed on the hashing thread (one after another), against its size and SHA-256 in the manifest. */
export async function checkVolumes(dir: string, volumes: readonly VolumeInfo[], hasher: HashThread, signal?: AbortSignal): Promise<VolumeCheck[]> {
  const checks: VolumeCheck[] = [];
  const all = volumes.map((v) => {
    const p = hasher.hashFile(join(dir, v.name));
    p.catch(() => undefined);
    return p;
  });
  for (const [i, v] of volumes.entries()) {
    const check: VolumeCheck = { name: v.name, expectedSize: v.size, expectedSha256: v.sha256, actualSize: null, actualSha256: null, problem: null };
    checks.push(check);
    try {
      if (signal?.aborted) throw new Error('stopped');
      const r = await (all[i] as ReturnType<HashThread['hashFile']>);
      check.actualSize = r.size;
      check.actualSha256 = r.sha256;
      if (r.size !== v.size) check.problem = `size is ${r.size} bytes, the manifest says ${v.size}`;
      else if (r.sha256 !== v.sha256) check.problem = 'SHA-256 does not match the manifest (the volume is damaged)';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      check.problem = code === 'ENOENT' ? 'missing' : code === 'ENOTOWNFILE' ? (err as Error).message : `cannot be read (${code ?? (err as Error).message})`;
    }
  }
  return checks;
}
