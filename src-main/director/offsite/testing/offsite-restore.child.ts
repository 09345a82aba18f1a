// Test helper process (run by offsite-restore-kill.test.ts, never shipped): an offsite restore of
// an encrypted copy from a local-path target, killed by the test with SIGKILL midway (a power cut).
import { readFileSync } from 'node:fs';
import { restoreFromTarget } from '../offsite-restore.js';
import { testTarget } from './offsite-fixtures.js';

const [remote, publicKey, backupId, to, keyFile, workDir] = process.argv.slice(2) as [string, string, string, string, string, string];
await restoreFromTarget({ target: testTarget({ remote, recipients: [publicKey] }), backupId, to, identity: readFileSync(keyFile, 'utf8'), workDir, openSecret: (s) => s });
