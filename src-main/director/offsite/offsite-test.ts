import type { OffsiteTestResult } from '../../../shared/offsite.js';
import { causeWords } from '../../engine/index.js';
import { rclone, type RcloneTarget } from './rclone.js';

/**
 * Test a target: make its folder, write a small probe file, read it back, remove it; say which
 * hashes the remote offers (those parts are checked by hash; otherwise by downloading).
 */
export async function testTarget(t: RcloneTarget, signal?: AbortSignal): Promise<OffsiteTestResult> {
  try {
    await rclone(t, ['mkdir', t.root], { signal });
    const probe = `${t.root.endsWith(':') || t.root.endsWith('/') ? t.root : t.root + '/'}.hotbackup-test-${Date.now()}`;
    const text = `HotBackup connection test ${new Date().toISOString()}\n`;
    await rclone(t, ['rcat', probe], { stdin: text, signal });
    const back = await rclone(t, ['cat', probe], { signal });
    await rclone(t, ['deletefile', probe], { signal });
    if (back !== text) return { ok: false, message: `"${t.target.label}": a test file written to ${t.root} read back different: the remote does not keep files as written; check the remote`, hashes: [] };
    const hashes = await remoteHashes(t, signal);
    const check = hashes.some((h) => h === 'sha256' || h === 'md5') ? `copies are checked by the remote's ${hashes.includes('sha256') ? 'SHA-256' : 'MD5'} hashes` : 'the remote offers no hash HotBackup compares: copies are checked by downloading them';
    return { ok: true, message: `"${t.target.label}": ${t.root} can be written and read; ${check}.`, hashes };
  } catch (err) {
    return { ok: false, message: causeWords(err), hashes: [] };
  }
}

/** The hash types the remote's backend offers (rclone's names). */
export async function remoteHashes(t: RcloneTarget, signal?: AbortSignal): Promise<string[]> {
  const out = await rclone(t, ['backend', 'features', t.root], { signal });
  const json = JSON.parse(out) as { Hashes?: string[] | null };
  return (json.Hashes ?? []).map((h) => h.toLowerCase());
}

