import { useMemo, useState } from 'react';
import { Button, type Selection } from 'react-aria-components';
import { LISTING_MAX_ENTRIES, type ManifestListing } from '../../shared/restore-wizard.js';
import { formatBytes } from '../../shared/format.js';
import { MAX_PATTERNS } from '../../shared/settings.js';
import { PlainField } from '../components/form-controls.js';
import { getBridge } from '../store/store.js';
import { buildTree, cascadeSelection, minimalSelection, restoreGlobs, selectionTotals } from '../vault/manifest-tree.js';
import { RestoreTree } from '../vault/restore-tree.js';

/** The paths a partial restore sends: the ticked entries (anchored) and the typed patterns. */
export function chosenPaths(listing: ManifestListing | null, selected: Selection, patterns: string): string[] {
  const ticked = !listing ? [] : minimalSelection(selected === 'all' ? listing.entries.map((e) => e.path) : [...selected].map(String));
  const typed = patterns.split('\n').map((l) => l.trim()).filter(Boolean);
  return [...restoreGlobs(ticked), ...typed];
}

export interface SomeState {
  listing: ManifestListing | null;
  selected: Selection;
  patterns: string;
}
export const noneChosen: SomeState = { listing: null, selected: new Set(), patterns: '' };

/**
 * "Only some files and folders" of an offsite copy: its file list (MANIFEST.json fetched from the
 * target; an encrypted copy's decrypted with the pasted key, only that file) as a tree to tick,
 * and path patterns for what the list does not show.
 */
export function OffsiteRestoreSome(p: {
  target: string;
  backupId: string;
  encrypted: boolean;
  identity: string;
  state: SomeState;
  onChange(s: SomeState): void;
  error?: string;
  onKeyMissing(): void;
}) {
  const [listing, setListing] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const roots = useMemo(() => (p.state.listing ? buildTree(p.state.listing.entries) : []), [p.state.listing]);
  const tooMany = p.state.listing !== null && p.state.listing.total.entries > p.state.listing.entries.length;
  const list = async () => {
    if (p.encrypted && !p.identity.includes('AGE-SECRET-KEY-1')) return p.onKeyMissing();
    setListing({ busy: true, error: null });
    const r = await getBridge().invoke('offsite.manifest', { target: p.target, backupId: p.backupId, ...(p.encrypted ? { identity: p.identity } : {}) });
    setListing({ busy: false, error: r.ok ? null : `The files could not be listed: ${r.error.message}` });
    if (r.ok) p.onChange({ ...p.state, listing: r.value, selected: new Set() });
  };
  const ticked = p.state.listing ? minimalSelection(p.state.selected === 'all' ? p.state.listing.entries.map((e) => e.path) : [...p.state.selected].map(String)) : [];
  const totals = p.state.listing && ticked.length ? selectionTotals(p.state.listing.entries, ticked) : null;
  return (
    <div className="offsite-some">
      {!p.state.listing && (
        <p>
          <Button className="button" isDisabled={listing.busy} onPress={() => void list()}>
            {listing.busy ? 'Listing the files…' : `List the files of ${p.backupId}`}
          </Button>{' '}
          <span className="hint">
            {p.encrypted
              ? 'Fetches only the copy’s file list and decrypts it with the recovery key above (not stored); nothing else is fetched until you restore.'
              : 'Fetches only the copy’s file list (MANIFEST.json) from the target.'}
          </span>
        </p>
      )}
      {listing.error && (
        <p role="alert" className="notice error">
          {listing.error}
        </p>
      )}
      {p.state.listing && !tooMany && (
        <>
          <RestoreTree roots={roots} selected={p.state.selected} onChange={(next) => p.onChange({ ...p.state, selected: cascadeSelection(roots, p.state.selected, next) })} />
          <p className="hint" role="status">
            {totals ? `Ticked: ${totals.files.toLocaleString('en-US')} files, ${formatBytes(totals.bytes)}.` : 'Tick the files and folders to restore (a folder brings everything in it).'}
          </p>
        </>
      )}
      {tooMany && (
        <p className="hint" role="note">
          This copy holds {p.state.listing!.total.entries.toLocaleString('en-US')} entries, more than the {LISTING_MAX_ENTRIES.toLocaleString('en-US')} a list shows: give path patterns below instead.
        </p>
      )}
      <PlainField
        label="Paths or patterns to restore (one per line)"
        multiline
        value={p.state.patterns}
        onChange={(v) => p.onChange({ ...p.state, patterns: v })}
        error={p.error}
        placeholder={'Office/Clients/Smith\n*.pdf'}
        description={`Paths inside the backup start with the data directory’s folder name (its label), e.g. Office/Clients/Smith: a folder brings everything in it. A pattern without “/” matches a name anywhere (*.pdf); “**” spans folders (Office/**/2026-*). At most ${MAX_PATTERNS}. The list above shows the names.`}
      />
    </div>
  );
}
