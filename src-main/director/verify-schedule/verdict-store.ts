import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StoredVerdict } from '../../../shared/vault.js';
import { writeFileAtomic } from '../../base/atomic-write.js';

export const VERIFY_RESULTS_FILE = 'verify-results.json';
/**
 * Format version of verify-results.json; a change bumps it and still reads every earlier one.
 * 1: verdicts with id, at, ok, summary, scheduled. 2: also the damaged volumes and entries.
 */
export const VERIFY_RESULTS_VERSION = 2 as const;
/** Verdicts kept: enough for every backup retention keeps (at most 99 + 99 plus failed ones). */
const KEEP = 300;

const VerdictFile = z.object({
  version: z.union([z.literal(1), z.literal(VERIFY_RESULTS_VERSION)]),
  /** When the scheduled verify last ran (ISO time), null before the first. */
  lastScheduledAt: z.string().nullable(),
  /** The last verdict per backup ID. */
  verdicts: z.array(StoredVerdict),
});
export type VerdictFile = z.infer<typeof VerdictFile>;

const empty = (): VerdictFile => ({ version: VERIFY_RESULTS_VERSION, lastScheduledAt: null, verdicts: [] });

/** The verdicts in the config directory; a missing or unreadable file reads as none (it is only a record). */
export async function readVerdicts(configDir: string): Promise<VerdictFile> {
  try {
    const parsed = VerdictFile.safeParse(JSON.parse(await readFile(join(configDir, VERIFY_RESULTS_FILE), 'utf8')));
    return parsed.success ? parsed.data : empty();
  } catch {
    return empty();
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Change the file (serialised per config directory: the scheduled verify and a pressed Verify may end together). */
export function updateVerdicts(configDir: string, change: (f: VerdictFile) => VerdictFile): Promise<VerdictFile> {
  const next = (queues.get(configDir) ?? Promise.resolve()).then(async () => {
    const changed = change(await readVerdicts(configDir));
    const verdicts = changed.verdicts.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, KEEP);
    const out = { ...changed, version: VERIFY_RESULTS_VERSION, verdicts };
    await writeFileAtomic(join(configDir, VERIFY_RESULTS_FILE), JSON.stringify(out, null, 2) + '\n', 0o600);
    return out;
  });
  queues.set(configDir, next.catch(() => undefined));
  return next;
}

/** Keep one verdict: the newest for its backup replaces the one before. */
export const withVerdict = (f: VerdictFile, v: StoredVerdict): VerdictFile => ({ ...f, verdicts: [v, ...f.verdicts.filter((x) => x.id !== v.id)] });
