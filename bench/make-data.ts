// The bench data set: one large SQLite database (about 70 % of the size) plus thousands of
// small office documents, half of them text-like (gzip has something to do, random enough to be
// honest) and half already compressed (random bytes, as scans, PDFs and photos are), as the
// engine issue's set.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const WORDS = 'client matter invoice hearing deposition retainer statute appeal motion brief exhibit witness billing trust ledger docket'.split(' ');

/** Text of `bytes` length: words mixed with some random hex, roughly 2.5:1 under gzip. */
export function officeText(bytes: number, seed: Buffer): string {
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (n < bytes) {
    const w = i % 7 === 0 ? seed.toString('hex', i % 200, (i % 200) + 6) : (WORDS[(seed[i % seed.length] as number) % WORDS.length] as string);
    parts.push(w);
    n += w.length + 1;
    i++;
  }
  return parts.join(' ').slice(0, bytes);
}

/** Bumped when the set's content changes, so a set made before is made again. */
const LAYOUT = 2;

export interface DataSet {
  layout?: number;
  dir: string;
  dbBytes: number;
  files: number;
  totalMb: number;
}

/** Build (or reuse, when the same size is already there) bench/data/set-<MB>. */
export function makeDataSet(root: string, totalMb: number): DataSet {
  const dir = join(root, `set-${totalMb}mb`);
  const stamp = join(root, `set-${totalMb}mb.json`);
  if (existsSync(stamp) && existsSync(dir)) {
    const made = JSON.parse(readFileSync(stamp, 'utf8')) as DataSet;
    if (made.layout === LAYOUT) return made;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const dbTarget = Math.round(totalMb * 0.7 * 1024 * 1024);
  const db = new Database(join(dir, 'practice.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE entry(id INTEGER PRIMARY KEY, matter TEXT, note TEXT, attachment BLOB); CREATE INDEX entry_matter ON entry(matter);');
  const ins = db.prepare('INSERT INTO entry(matter, note, attachment) VALUES (?, ?, ?)');
  const rowBytes = 2000;
  const rows = Math.ceil(dbTarget / (rowBytes * 1.15));
  const seed = randomBytes(4096);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const s = randomBytes(64);
      ins.run(`M-${i % 5000}`, officeText(1500, Buffer.concat([s, seed])), randomBytes(500));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const smallBytes = totalMb * 1024 * 1024 - dbTarget;
  const files = Math.max(200, Math.round(smallBytes / (40 * 1024)));
  for (let i = 0; i < files; i++) {
    const sub = join(dir, 'documents', `client-${String(i % 97).padStart(3, '0')}`, `year-${2015 + (i % 10)}`);
    if (i < 970) mkdirSync(sub, { recursive: true });
    const size = 1024 + ((i * 7919) % (80 * 1024));
    if (i % 2 === 0) writeFileSync(join(sub, `letter-${i}.txt`), officeText(size, Buffer.concat([randomBytes(32), seed])));
    else writeFileSync(join(sub, `scan-${i}.pdf`), randomBytes(size));
  }
  const set: DataSet = { layout: LAYOUT, dir, dbBytes: dbTarget, files, totalMb };
  writeFileSync(stamp, JSON.stringify(set));
  return set;
}
