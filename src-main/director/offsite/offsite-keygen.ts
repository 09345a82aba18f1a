import type { OffsiteKeyPair } from '../../../shared/offsite.js';
import { runChild } from './child-run.js';
import { OffsiteError } from './rclone.js';

export const AGE = process.env.HOTBACKUP_AGE ?? 'age';
export const AGE_KEYGEN = process.env.HOTBACKUP_AGE_KEYGEN ?? 'age-keygen';

/** A new age key pair from age-keygen (written to its stdout only: nothing touches the disk). */
export async function generateKeyPair(clock: () => Date): Promise<OffsiteKeyPair> {
  const r = await runChild(AGE_KEYGEN, []);
  const secret = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(r.stdout)?.[0];
  const pub = /^# public key: (age1[0-9a-z]+)$/m.exec(r.stdout)?.[1];
  if (r.code !== 0 || !secret || !pub) throw new OffsiteError(`age-keygen did not make a key pair (${r.stderr.trim() || `exit ${r.code}`}): check that the Debian package age is installed`);
  const created = clock().toISOString();
  return { publicKey: pub, secretKey: `# created: ${created}\n# public key: ${pub}\n${secret}\n`, created };
}
