import type { DataDirectory } from '../../../shared/settings.js';

/** The last name of a path, for either separator. */
function baseName(p: string): string {
  const parts = p.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? '';
}

/** A name safe as one tar path segment on Linux, macOS and Windows. */
function safeSegment(name: string): string {
  const cleaned = [...name].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('').trim().replace(/^\.+$/, '');
  return cleaned === '' ? 'data' : cleaned;
}

/**
 * One top folder per data directory inside the tar (its label, else its folder name),
 * made unique case-insensitively with "-2", "-3", … so a restore shows which is which.
 */
export function topFolderNames(dirs: readonly Pick<DataDirectory, 'path' | 'label'>[]): string[] {
  const used = new Set<string>();
  return dirs.map((d) => {
    const wanted = safeSegment(d.label.trim() !== '' ? d.label : baseName(d.path));
    let name = wanted;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${wanted}-${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}
