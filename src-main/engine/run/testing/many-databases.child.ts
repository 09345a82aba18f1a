// Test helper process (run by many-databases.test.ts, never shipped): one backup of the data
// directory given, in this process (started under a low open-files limit), printed as one JSON line.
import { runBackupInThread } from '../run-phases.js';
import { baseOptions } from '../../testing/engine-fixtures.js';

const [data, folder] = process.argv.slice(2) as [string, string];
const r = await runBackupInThread(baseOptions(folder, [data]));
console.log(JSON.stringify({ result: r.result, error: r.error, files: r.files }));
