import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import type { StoredVerdict } from '../../../shared/vault.js';
import { keyShown, keyText, loadBrowsableBackup, queryBrowse, selectionTotals, textKey, volumeProblems, type BrowsableBackup } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';
import type { DirectorServices } from '../services.js';
import { readVerdicts } from '../verify-schedule/verdict-store.js';

type BrowseRequests = 'vault.browse' | 'vault.downloadTicket';

/** Backups whose index is kept at once (one per open Browse view, roughly). */
const KEEP_BACKUPS = 3;

/** A path the console sent as exact bytes (base64) or as UTF-8 text, as the index's byte string. */
const keyOf = (text: string, b64?: string): string => (b64 !== undefined ? Buffer.from(b64, 'base64').toString('latin1') : textKey(text));

/** The Browse view's requests: a page of one folder or search, and a one-time download address. */
export const browseHandlers = (d: DirectorServices): Pick<Handlers, BrowseRequests> => {
  // An index is kept while its backup's volumes and last verdict stay as they were (one stat per volume and request).
  const cache = new Map<string, { verdictAt: string | null; backup: Promise<BrowsableBackup> }>();
  const stillGood = async (b: BrowsableBackup) => JSON.stringify(await volumeProblems(b.dir, b)) === JSON.stringify(b.now);
  const load = async (id: string): Promise<{ backup: BrowsableBackup; verdict: StoredVerdict | null }> => {
    const folder = d.settings.get().folder.path;
    const verdict = (await readVerdicts(d.configDir)).verdicts.find((v) => v.id === id) ?? null;
    const key = `${folder}\n${id}`;
    const hit = cache.get(key);
    if (hit && hit.verdictAt === (verdict?.at ?? null)) {
      const b = await hit.backup.catch(() => null);
      if (b && (await stillGood(b))) return { backup: b, verdict };
    }
    const known = verdict && !verdict.ok ? { volumes: verdict.badVolumes ?? [], entries: new Map((verdict.badEntries ?? []).map((e) => [e.path, e.problem])) } : {};
    const backup = loadBrowsableBackup(folder, id, known);
    cache.delete(key);
    cache.set(key, { verdictAt: verdict?.at ?? null, backup });
    backup.catch(() => cache.delete(key));
    while (cache.size > KEEP_BACKUPS) cache.delete(cache.keys().next().value as string);
    return { backup: await backup, verdict };
  };
  return {
    'vault.browse': async (input) => {
      const { backup, verdict } = await load(input.id);
      const { index, badVolumes } = backup;
      const page = queryBrowse(index, { ...input, folder: input.folder === '' && input.folderBytes === undefined ? '' : keyOf(input.folder, input.folderBytes) });
      return {
        id: input.id,
        folder: input.folder,
        search: input.search,
        offset: input.offset,
        ...page,
        totals: { files: index.files, bytes: index.bytes },
        damage: {
          badVolumes,
          verdict: verdict && !verdict.ok ? `Verify on ${verdict.at.slice(0, 16).replace('T', ' ')} found damage: ${verdict.summary}` : null,
          damagedFiles: index.damagedFiles,
        },
        selection: selectionTotals(index, [...input.selected.map((p) => keyOf(p)), ...input.selectedBytes.map((b) => keyOf('', b))]),
      };
    },
    'vault.downloadTicket': async ({ id, path: asked, pathBytes }, ctx) => {
      const { backup } = await load(id);
      const key = keyOf(asked, pathBytes);
      const path = keyText(key);
      const at = backup.index.byPath.get(key);
      const node = at === undefined ? undefined : backup.index.nodes[at];
      if (!node) throw new HotBackupError('NOT_FOUND', `Backup ${id} holds no "${keyShown(key)}".`);
      if (node.kind !== 'file' && node.kind !== 'sqlite') throw new HotBackupError('BAD_INPUT', `"${keyShown(key)}" is a ${node.kind === 'directory' ? 'folder' : 'link'}: only files can be downloaded (restore a folder instead).`);
      const { ticket, expiresAt } = d.downloads.issue({ id, path: pathBytes === undefined ? path : Buffer.from(key, 'latin1'), identity: ctx.identity });
      d.logger.info(`download of "${node.name}" from ${id} offered to ${ctx.identity.name}`);
      return { url: `/api/download/${ticket}`, name: node.name, size: node.size, expiresAt: formatLocalIso(expiresAt) };
    },
  };
};
