/**
 * The code of the SQLite helper process (sqlite-child.ts), a plain CommonJS script so it runs under
 * Node and Electron (ELECTRON_RUN_AS_NODE) alike, with better-sqlite3 loaded from the path given as
 * its first argument. Requests come over the IPC channel, one at a time:
 *   hold    open a database (read-only, or read-write for a private copy) and start a read
 *           transaction on it (BEGIN and one read: the snapshot is fixed when this answers)
 *   copy    copy a held database to `dest` with the backup API in one step, written as
 *           `dest.partial` and renamed only once complete (a killed copy never has the final name)
 *   release end a held read transaction and close the database
 *   check   PRAGMA quick_check (or integrity_check) of a file
 * Answers: { id, value } or { id, error: { code, message } } (code EMFILE: SQLite could not open a
 * file because this process has as many open as it may). The process ends when its parent
 * disconnects, and is SIGKILLed when a run is cancelled.
 */
export const SQLITE_CHILD_SCRIPT = `
const Database = require(process.argv[1]);
const fs = require('fs');
const os = require('os');
const dbs = new Map();
const reply = (m) => { if (process.connected) process.send(m); };
process.on('disconnect', () => process.exit(0));
function normalPriority() {
  let tids = [];
  try { tids = fs.readdirSync('/proc/self/task').map(Number); } catch {}
  for (const tid of tids.length ? tids : [0]) {
    try { if (os.getPriority(tid) < 0) os.setPriority(tid, 0); } catch {}
  }
}
async function handle(m) {
  if (m.op === 'hold') {
    const db = new Database(m.file, { readonly: m.readonly, fileMustExist: true, timeout: m.timeout });
    try {
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      db.close();
      throw e;
    }
    dbs.set(m.key, db);
    return null;
  }
  if (m.op === 'copy') {
    const db = dbs.get(m.key);
    if (!db) throw new Error('no held database ' + m.key);
    // After the snapshot point the copy works at normal priority, not the raised one it may have
    // inherited, in every thread (Linux: a priority is a thread's; V8's and libuv's were started with it).
    normalPriority();
    let steps = 0;
    const part = m.dest + '.partial';
    // A zero-page first step, then "all pages": one step, so a commit elsewhere never restarts it.
    const r = await db.backup(part, { progress: () => { steps++; return 0x7fffffff; } });
    fs.renameSync(part, m.dest);
    return { pages: r.totalPages, steps };
  }
  if (m.op === 'release') {
    const db = dbs.get(m.key);
    dbs.delete(m.key);
    if (db && db.open) {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    }
    return null;
  }
  if (m.op === 'check') {
    const db = new Database(m.file, { readonly: true, fileMustExist: true });
    try {
      // Pages read through a memory map: half the CPU. Safe: HotBackup's own copy, no other writer.
      db.pragma('mmap_size = 2147418112');
      return db.pragma(m.pragma).map((r) => String(Object.values(r)[0] ?? ''));
    } finally {
      db.close();
    }
  }
  throw new Error('unknown request ' + m.op);
}
// SQLite says only CANTOPEN when this process has no file left to open (each held database keeps
// three open: itself, its -wal and -shm): a few opens of the null device tell that apart.
function outOfFiles() {
  const fds = [];
  try {
    for (let i = 0; i < 4; i++) fds.push(fs.openSync(os.devNull, 'r'));
    return false;
  } catch (e) {
    return e && (e.code === 'EMFILE' || e.code === 'ENFILE');
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}
const codeOf = (e) => {
  const code = e && typeof e.code === 'string' ? e.code : undefined;
  return code && code.startsWith('SQLITE_CANTOPEN') && outOfFiles() ? 'EMFILE' : code;
};
process.on('message', (m) => {
  handle(m).then(
    (value) => reply({ id: m.id, value }),
    (e) => reply({ id: m.id, error: { code: codeOf(e), message: String((e && e.message) || e) } }),
  );
});
`;
