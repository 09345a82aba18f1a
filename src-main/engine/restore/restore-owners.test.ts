import { chown, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signManifest } from '../manifest/manifest-signature.js';
import { restoreOwner, type AccountTable } from '../plan/owner-names.js';
import { restoreBackup } from './restore-backup.js';
import { restoreOver } from './restore-over.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// Issue point 2: a root Director restores office files with the owner the backup recorded (by
// name, then id), falls back to the data directory's owner for an account this machine does not
// have, and a replaced file keeps its current owner and group.

describe('restoreOwner (which account a restored entry gets)', () => {
  const t: AccountTable = {
    users: { byName: new Map([['alice', 1001], ['daemon', 1]]), ids: new Set([1001, 1]) },
    groups: { byName: new Map([['staff', 50], ['daemon', 1]]), ids: new Set([50, 1]) },
  };
  const fallback = { uid: 900, gid: 901 };
  it.each([
    { what: 'recorded names that exist here win over the ids', e: { uname: 'alice', uid: 7, gname: 'staff', gid: 7 }, want: { uid: 1001, gid: 50 } },
    { what: 'ids alone, existing here', e: { uid: 1, gid: 1 }, want: { uid: 1, gid: 1 } },
    { what: 'a recorded name missing here: never its id (someone else here)', e: { uname: 'bob', uid: 1001, gname: 'sales', gid: 50 }, want: fallback },
    { what: 'an id missing here, no name', e: { uid: 4242, gid: 4343 }, want: fallback },
    { what: 'nothing recorded', e: {}, want: fallback },
    { what: 'user and group decided apart', e: { uname: 'alice', gname: 'nosuchgroup', gid: 1 }, want: { uid: 1001, gid: 901 } },
  ])('$what', ({ e, want }) => expect(restoreOwner(e, t, fallback)).toEqual(want));
});

const asRoot = process.getuid?.() === 0;
const KEY = Buffer.alloc(32, 5);
const ID = '26113001';
// Real accounts of every Debian/Ubuntu machine: daemon (1:1) and nobody:nogroup (65534:65534).
const DAEMON = { uid: 1, gid: 1 };
const NOBODY = { uid: 65534, gid: 65534 };

let root = '';
let hb = '';
let data = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-owners-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'office');
  await mkdir(hb);
  await mkdir(join(data, 'Clients'), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A signed backup whose manifest records these owners (path → fields). */
async function backupWithOwners(owners: Record<string, Record<string, unknown>>): Promise<void> {
  const dir = await makeBackupFixture(hb, ID, [
    { path: 'data', type: 'Directory' },
    { path: 'data/Clients', type: 'Directory' },
    { path: 'data/Clients/replaced.txt', content: 'from the backup' },
    { path: 'data/Clients/by-name.txt', content: 'n' },
    { path: 'data/Clients/by-id.txt', content: 'i' },
    { path: 'data/Clients/gone-account.txt', content: 'g' },
    { path: 'data/New', type: 'Directory' },
    { path: 'data/New/inside.txt', content: 'x' },
  ]);
  const file = join(dir, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8'));
  m.dataDirectories = [{ id: 'dir1', path: data, label: 'Office', top: 'data' }];
  for (const e of m.entries) {
    delete e.uid;
    delete e.gid;
    Object.assign(e, owners[e.path] ?? {});
  }
  const text = JSON.stringify(m);
  await writeFile(file, text);
  await writeFile(join(dir, 'MANIFEST.sig'), signManifest(text, KEY));
}

const ownerOf = async (p: string) => {
  const s = await lstat(p);
  return { uid: s.uid, gid: s.gid };
};

const recorded = {
  'data/Clients/replaced.txt': { uname: 'root', uid: 0, gname: 'root', gid: 0 },
  'data/Clients/by-name.txt': { uname: 'daemon', uid: 4321, gname: 'daemon', gid: 4321 },
  'data/Clients/by-id.txt': { uid: 1, gid: 1 },
  'data/Clients/gone-account.txt': { uname: 'hb-no-such-user', uid: 1, gname: 'hb-no-such-group', gid: 1 },
  'data/New': { uname: 'daemon', gname: 'daemon' },
  'data/New/inside.txt': { uname: 'daemon', gname: 'daemon' },
};

describe('owners of restored files (as root, real accounts)', () => {
  it('restore over the data directory: recorded owners by name then id, the data directory owner for missing accounts, replaced files keep theirs', async () => {
    if (!asRoot) return console.log('skipped: chowning to other accounts needs root');
    await backupWithOwners(recorded);
    await chown(data, NOBODY.uid, NOBODY.gid);
    await writeFile(join(data, 'Clients/replaced.txt'), 'changed since');
    await chown(join(data, 'Clients/replaced.txt'), DAEMON.uid, DAEMON.gid);
    await restoreOver(hb, { id: ID }, { configDir: join(root, 'config'), configured: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }], manifestKey: KEY });
    expect(await readFile(join(data, 'Clients/replaced.txt'), 'utf8')).toBe('from the backup');
    expect(await ownerOf(join(data, 'Clients/replaced.txt'))).toEqual(DAEMON);
    expect(await ownerOf(join(data, 'Clients/by-name.txt'))).toEqual(DAEMON);
    expect(await ownerOf(join(data, 'Clients/by-id.txt'))).toEqual(DAEMON);
    expect(await ownerOf(join(data, 'Clients/gone-account.txt'))).toEqual(NOBODY);
    expect(await ownerOf(join(data, 'New'))).toEqual(DAEMON);
    expect(await ownerOf(join(data, 'New/inside.txt'))).toEqual(DAEMON);
  });

  it('restore into a new folder: recorded owners, the new folder owner (the restoring account) for missing accounts', async () => {
    if (!asRoot) return console.log('skipped: chowning to other accounts needs root');
    await backupWithOwners(recorded);
    const to = join(root, 'restored');
    await restoreBackup(hb, { id: ID, to });
    expect(await ownerOf(join(to, 'data/Clients/by-name.txt'))).toEqual(DAEMON);
    expect(await ownerOf(join(to, 'data/Clients/by-id.txt'))).toEqual(DAEMON);
    expect(await ownerOf(join(to, 'data/Clients/gone-account.txt'))).toEqual({ uid: 0, gid: 0 });
    expect(await ownerOf(join(to, 'data/Clients/replaced.txt'))).toEqual({ uid: 0, gid: 0 });
  });
});
