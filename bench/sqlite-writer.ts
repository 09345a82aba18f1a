// A separate process that commits one small row every ~2 ms into a WAL database and reports
// the commit latencies when told to stop (SIGTERM) — run idle, then during a backup.
import Database from 'better-sqlite3';

const [dbPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: sqlite-writer.ts DB');
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');
db.exec('CREATE TABLE IF NOT EXISTS tick(id INTEGER PRIMARY KEY, at INTEGER, note TEXT)');
const ins = db.prepare('INSERT INTO tick(at, note) VALUES (?, ?)');
const latencies: number[] = [];
let stop = false;
process.on('SIGTERM', () => {
  stop = true;
});

const tick = () => {
  if (stop) {
    db.close();
    process.stdout.write(JSON.stringify({ latencies }) + '\n');
    return;
  }
  const t0 = process.hrtime.bigint();
  ins.run(Date.now(), 'time entry for client matter');
  latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  setTimeout(tick, 2);
};
process.stdout.write('ready\n');
tick();
