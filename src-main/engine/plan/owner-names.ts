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
