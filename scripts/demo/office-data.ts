// A small law office's data directory: a SQLite ledger in WAL mode and client documents.
// Used by `npm run demo` and by the console's e2e tests, so both back up realistic live data.
import Database from 'better-sqlite3';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const clients = ['Abernathy & Sons', 'Baker Family Trust', 'Castillo Imports', 'Delgado Estate', 'Evergreen Dental'];

export interface OfficeData {
  root: string;
  ledger: string;
  documents: string;
}

/** A deterministic pseudo-random generator: the same office every time, no Math.random. */
function bytesFor(seed: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Create the office under `root`: `Ledger/ledger.db` (+ WAL), `Clients/<name>/…` letters and scans. */
export async function createOfficeData(root: string, opts: { entries?: number; scanBytes?: number } = {}): Promise<OfficeData> {
  const ledgerDir = join(root, 'Ledger');
  const documents = join(root, 'Clients');
  await mkdir(ledgerDir, { recursive: true });
  const ledger = join(ledgerDir, 'ledger.db');
  const db = new Database(ledger);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
           CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),
             day TEXT NOT NULL, hours REAL NOT NULL, amount_cents INTEGER NOT NULL, note TEXT NOT NULL);`);
  const addClient = db.prepare('INSERT OR IGNORE INTO clients (name) VALUES (?)');
  const addEntry = db.prepare('INSERT INTO entries (client_id, day, hours, amount_cents, note) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const c of clients) addClient.run(c);
    for (let i = 0; i < (opts.entries ?? 2000); i++) {
      const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      addEntry.run((i % clients.length) + 1, day, ((i % 16) + 1) / 4, 12_500 * ((i % 7) + 1), `Work item ${i}: review, calls and drafting`);
    }
  })();
  db.close();
  for (const [n, name] of clients.entries()) {
    const dir = join(documents, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'engagement-letter.txt'), `Engagement letter for ${name}.\n\nScope, fees and terms.\n`);
    await writeFile(join(dir, 'notes.txt'), `Notes on ${name}\n`);
    // A scanned exhibit: incompressible bytes, so a backup has real work to do.
    await writeFile(join(dir, 'exhibit-scan.pdf'), bytesFor(n + 1, opts.scanBytes ?? 256 * 1024));
  }
  return { root, ledger, documents };
}
