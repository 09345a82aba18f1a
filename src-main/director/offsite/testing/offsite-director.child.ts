// Test helper process (run by offsite-resume.test.ts, never shipped): a Director on a config
// directory that makes one backup (its offsite copy follows, as after every run) and keeps running
// until the test kills it with SIGKILL, like a power cut or the OOM killer during the copy.
import type { CallContext } from '../../../../shared/contract.js';
import { localAdmin } from '../../../../shared/roles.js';
import type { BackupStarted } from '../../../../shared/run.js';
import { createDirector } from '../../director.js';

const [configDir, home] = process.argv.slice(2) as [string, string];
const ctx: CallContext = { clientId: 'child', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
const director = await createDirector({ configDir, home, platform: 'linux', schedule: false });
const r = await director.invoke('backup.start', { user: 'alice', task: '', system: '', wait: true }, ctx);
if (!r.ok) throw new Error(r.error.message);
process.stdout.write(JSON.stringify({ backup: (r.value as BackupStarted).outcome?.id }) + '\n');
setInterval(() => undefined, 1 << 30);
