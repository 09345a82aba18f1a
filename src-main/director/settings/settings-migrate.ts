import { randomBytes } from 'node:crypto';
import type { DataDirectory } from '../../../shared/settings.js';

// Earlier settings.json versions brought up to the current one, and stable data directory IDs.
// Version 1 → 2: data directories get an `id` (backups record it; restore-over matches by it).
// Version 2 → 3: data directories may carry `includeUnsettled`; nothing to change (absent = no).
// Version 3 → 4: `offsite` (targets); absent = no targets, filled from the defaults.

/** A fresh data directory ID: 12 random hex digits. */
export const newDataDirectoryId = (): string => randomBytes(6).toString('hex');

/**
 * Give every data directory an ID: its own, else the ID of the entry with the same path in
 * `previous` (an edit that dropped it), else a new one. IDs stay unique.
 */
export function withDataDirectoryIds<T extends DataDirectory>(dirs: readonly T[], previous: readonly DataDirectory[] = [], newId = newDataDirectoryId): T[] {
  const used = new Set<string>();
  return dirs.map((d) => {
    let id = d.id ?? previous.find((p) => p.path === d.path && p.id)?.id;
    while (!id || used.has(id)) id = newId();
    used.add(id);
    return { ...d, id };
  });
}

/**
 * The parsed JSON of a settings file of an earlier version, brought to `current`; returns why not
 * (a string) when the version is unknown. A file without schemaVersion counts as the current one.
 */
export function migrateSettingsJson(json: unknown, current: number): unknown {
  if (!json || typeof json !== 'object' || !('schemaVersion' in json)) return json;
  const o = { ...(json as Record<string, unknown>) };
  if (o.schemaVersion === 1) {
    if (Array.isArray(o.dataDirectories)) {
      o.dataDirectories = withDataDirectoryIds(o.dataDirectories.filter((d): d is DataDirectory => !!d && typeof d === 'object'));
    }
    o.schemaVersion = 2;
  }
  if (o.schemaVersion === 2) o.schemaVersion = 3;
  if (o.schemaVersion === 3) o.schemaVersion = 4;
  if (o.schemaVersion !== current) return `schemaVersion is ${JSON.stringify((json as { schemaVersion: unknown }).schemaVersion)}, this HotBackup reads versions 1 to ${current}`;
  return o;
}
