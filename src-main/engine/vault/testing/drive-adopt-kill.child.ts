// Test helper process (run by drive-adopt-kill.test.ts, never shipped): "use this drive" that
// kills itself with SIGKILL at one of its steps, like a Director killed by a power cut or the OOM killer.
import { adoptDriveAt } from '../drive-adopt.js';

const [folder, registryFile, killAt] = process.argv.slice(2) as [string, string, string];
await adoptDriveAt(folder, registryFile, () => new Date(), (step) => {
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
});
console.log(`finished without being killed at "${killAt}"`);
