import { readFileSync } from 'node:fs';

// Owner and group names for the ids lstat gives (recorded in the tar and the manifest, so a
// restore onto another machine can map by name). Node has no getpwuid: /etc/passwd and
// /etc/group are read once per run; an id they do not list is recorded by number alone.

export interface OwnerNames {
  user(uid: number): string;
  group(gid: number): string;
}

function readIds(file: string): Map<number, string> {
  const out = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    const n = Number(id);
    if (name && Number.isInteger(n) && !out.has(n)) out.set(n, name);
  }
  return out;
}

export function ownerNames(passwd = '/etc/passwd', group = '/etc/group'): OwnerNames {
  let users: Map<number, string> | null = null;
  let groups: Map<number, string> | null = null;
  return {
    user: (uid) => (users ??= readIds(passwd)).get(uid) ?? '',
    group: (gid) => (groups ??= readIds(group)).get(gid) ?? '',
  };
}

/** The accounts of this machine by name and id, read the same way (for restores). */
export interface AccountTable {
  users: { byName: ReadonlyMap<string, number>; ids: ReadonlySet<number> };
  groups: { byName: ReadonlyMap<string, number>; ids: ReadonlySet<number> };
}

function table(file: string): AccountTable['users'] {
  const byName = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { byName, ids: new Set() };
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    const n = Number(id);
    if (name && id && Number.isInteger(n) && !byName.has(name)) byName.set(name, n);
  }
  return { byName, ids: new Set(byName.values()) };
}

export function accountTable(passwd = '/etc/passwd', group = '/etc/group'): AccountTable {
  return { users: table(passwd), groups: table(group) };
}

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Whose a restored entry becomes (a root restore). By the recorded name when it exists here; an
 * id only when no name was recorded and the id exists here (a recorded name missing here means
 * another machine's account: its id may be someone else's here); else `fallback` (the data
 * directory's owner). Never an account this machine does not have.
 */
export function restoreOwner(e: { uid?: number; gid?: number; uname?: string; gname?: string }, t: AccountTable, fallback: Owner): Owner {
  const pick = (name: string | undefined, id: number | undefined, side: AccountTable['users'], dflt: number): number => {
    if (name) return side.byName.get(name) ?? dflt;
    return typeof id === 'number' && side.ids.has(id) ? id : dflt;
  };
  return { uid: pick(e.uname, e.uid, t.users, fallback.uid), gid: pick(e.gname, e.gid, t.groups, fallback.gid) };
}
