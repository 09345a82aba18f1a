// A stand-in for the office's users: keeps writing to the ledger and the client notes until stopped.
// Run: node --import tsx scripts/demo/busy-writer.ts <office root>   (SIGTERM or SIGINT stops it cleanly)
import Database from 'better-sqlite3';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clients } from '../../e2e/fixtures/office-data.js';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: busy-writer.ts <office root>\n');
  process.exit(2);
}
const db = new Database(join(root, 'Ledger', 'ledger.db'));
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const addEntry = db.prepare('INSERT INTO entries (client_id, day, hours, amount_cents, note) VALUES (?, ?, ?, ?, ?)');
let n = 0;
let stopping = false;

const tick = async () => {
  n++;
  const client = (n % clients.length) + 1;
  // A small billing session: a few entries committed together, like a timekeeper saving a timesheet.
  db.transaction(() => {
    for (let i = 0; i < 5; i++) addEntry.run(client, new Date().toISOString().slice(0, 10), 0.25, 3_125, `Live entry ${n}.${i}`);
  })();
  const name = clients[n % clients.length]!;
  await appendFile(join(root, 'Clients', name, 'notes.txt'), `${new Date().toISOString()} call with ${name} (${n})\n`);
  if (n % 10 === 0) await writeFile(join(root, 'Clients', name, 'draft-motion.txt'), `Draft motion, revision ${n}\n`.repeat(200));
};

const timer = setInterval(() => {
  if (!stopping) tick().catch((err) => process.stderr.write(`busy writer: ${(err as Error).message}\n`));
}, 150);
const stop = () => {
  stopping = true;
  clearInterval(timer);
  db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
