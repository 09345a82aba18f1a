// Test helper process (run by restore-over-crash.test.ts, never shipped): a restore-over that
// kills itself with SIGKILL at kill point N, like a Director killed by a power cut or the OOM killer.
// Points: 0 = journal written, unpacking begins; 1 = unpacking; 2.. = after the (N-1)th item is in place.
import { restoreOver } from '../restore-over.js';

const [hb, id, configDir, data, killAt] = process.argv.slice(2) as [string, string, string, string, string];
const at = Number(killAt);
const die = () => process.kill(process.pid, 'SIGKILL');
let restoring = false;
let items = 0;
await restoreOver(hb, { id }, {
  configDir,
  configured: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }],
  manifestKey: Buffer.alloc(32, 5),
  onProgress: (p) => {
    if (p.step === 'checking' && at === 0) die();
    if (p.step === 'restoring' && !restoring) {
      restoring = true;
      if (at === 1) die();
    }
  },
  onItem: () => {
    items++;
    if (at === items + 1) die();
  },
});
console.log(`finished without being killed after ${items} items`);
