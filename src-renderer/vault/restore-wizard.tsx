import { useEffect, useMemo, useState } from 'react';
import { Button, Dialog, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup, type Selection } from 'react-aria-components';
import { LISTING_MAX_ENTRIES, type ManifestListing } from '../../shared/restore-wizard.js';
import { TextField } from '../components/text-field.js';
import { useTrafficLight } from '../components/traffic-light/use-traffic-light.js';
import { getBridge, useApp } from '../store/store.js';
import { buildTree, cascadeSelection, minimalSelection, restoreGlobs, selectionTotals } from './manifest-tree.js';
import { RestoreTree } from './restore-tree.js';
import { VaultProgressBar } from './vault-progress-bar.js';
import { formatBytes } from './vault-rows.js';
import { countOf } from '../format/plural.js';
import type { BrowseChoice } from './browse-dialog.js';

type What = 'all' | 'some';
/** `inRestoreFolder`: a new folder the Director makes in its restore folder (all an operator may do). */
type Where = 'new' | 'inRestoreFolder' | 'original';
type Outcome = { ok: true; text: string } | { ok: false; text: string };

function useManifest(id: string, entries: boolean) {
  const [listing, setListing] = useState<ManifestListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void getBridge()
      .invoke('vault.manifest', { id, entries })
      .then((r) => {
        if (!live) return;
        if (r.ok) setListing(r.value);
        else setError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [id, entries]);
  return { listing, error };
}

/**
 * Restore a backup: all or chosen files, into a new folder (default), into a new folder the Director
 * makes in its restore folder, or over the original data directories. An operator sees only the second.
 * `chosen`: what was ticked in Browse (the backup's file list is then not loaded).
 */
export function RestoreWizard({ id, onClose, chosen }: { id: string; onClose(): void; chosen?: BrowseChoice }) {
  const { listing, error } = useManifest(id, !chosen);
  const { ask } = useTrafficLight();
  const isAdmin = useApp((s) => s.about?.signedInAs.role === 'admin');
  const restoreFolder = useApp((s) => s.settings?.restore.folder ?? null);
  const [what, setWhat] = useState<What>(chosen ? 'some' : 'all');
  const [chosenWhere, setWhere] = useState<Where>('new');
  const where: Where = isAdmin ? chosenWhere : 'inRestoreFolder';
  const [selected, setSelected] = useState<Selection>(new Set());
  const [folder, setFolder] = useState('');
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    if (listing) setFolder(listing.suggestedFolder);
  }, [listing]);
  const roots = useMemo(() => (listing ? buildTree(listing.entries) : []), [listing]);
  const paths = useMemo(() => {
    if (chosen) return chosen.paths;
    if (what === 'all' || !listing) return [];
    return minimalSelection(selected === 'all' ? listing.entries.map((e) => e.path) : [...selected].map(String));
  }, [what, selected, listing, chosen]);
  const totals = chosen ?? (!listing ? { files: 0, bytes: 0 } : paths.length === 0 ? listing.total : selectionTotals(listing.entries, paths));
  // More entries than a listing carries: files are ticked in Browse, which pages its folders.
  const tooMany = listing !== null && listing.total.entries > listing.entries.length;
  const nothingChosen = what === 'some' && paths.length === 0;

  const restore = async () => {
    setOutcome(null);
    if (where === 'original') {
      const choice = await ask({
        level: 'recommended',
        wait: 'completed',
        task: `Restore ${id} over the data directories`,
        detail:
          'Close every program that uses these files before you continue: nothing is written until then. Restoring replaces the live files with those of this backup (a database a program still holds open is refused). A HotBackup first keeps today’s files, so this restore can be undone.',
      });
      if (choice === 'cancel') return;
    }
    setRunning(true);
    useApp.getState().setVaultProgress(null);
    const bridge = getBridge();
    // Ticked in Browse: the exact entries by their bytes (a name need not be UTF-8, and a '*' in it is no glob).
    const which = chosen ? { paths: [], exact: chosen.exact } : { paths: restoreGlobs(paths) };
    const r =
      where === 'new'
        ? await bridge.invoke('vault.restore', { id, to: folder.trim(), ...which })
        : where === 'inRestoreFolder'
          ? await bridge.invoke('vault.restoreNew', { id, ...which })
          : await bridge.invoke('vault.restoreOver', { id, ...(chosen ? which : { paths }), user: 'Console' });
    setRunning(false);
    // Entries restored differently (a setuid/setgid bit dropped) are named after the outcome.
    const notes = r.ok && r.value.notes?.length ? ` Note: ${r.value.notes.join('; ')}.` : '';
    if (!r.ok) setOutcome({ ok: false, text: r.error.message });
    else if ('to' in r.value && r.value.failed.length > 0) {
      // A damaged backup: the intact files are restored, the others named.
      const lost = r.value.failed.slice(0, 5).map((f) => `${f.path} (${f.problem})`).join('; ');
      const more = r.value.failed.length > 5 ? ` and ${r.value.failed.length - 5} more` : '';
      setOutcome({ ok: false, text: `Restored ${countOf(r.value.files, 'file')}, ${formatBytes(r.value.bytes)}, into ${r.value.to}, but ${countOf(r.value.failed.length, 'entry', 'entries')} could not be restored because the backup is damaged there: ${lost}${more}. Verify shows the damaged volumes.${notes}` });
    } else if ('to' in r.value) setOutcome({ ok: true, text: `Restored ${countOf(r.value.files, 'file')}, ${formatBytes(r.value.bytes)}, into ${r.value.to}.${notes}` });
    else {
      const dirs = r.value.directories.map((d) => `${d.path} (${countOf(d.files, 'file')})`).join(', ');
      setOutcome({ ok: true, text: `Restored ${countOf(r.value.files, 'file')}, ${formatBytes(r.value.bytes)}, over ${dirs}.${notes}` });
    }
  };

  return (
    <ModalOverlay className="vault-overlay" isOpen isDismissable={!running} onOpenChange={(open) => !open && !running && onClose()}>
      <Modal className="vault-modal restore-modal">
        <Dialog className="restore-dialog" aria-label={`Restore HotBackup ${id}`}>
          <Heading slot="title">Restore HotBackup {id}</Heading>
          {error && (
            <p role="alert" className="notice error">
              {error}
            </p>
          )}
          {!listing && !error && <p>Reading the backup’s file list…</p>}
          {listing && (
            <>
              {chosen ? (
                <p className="browse-chosen">
                  <strong>What to restore:</strong> the {countOf(chosen.paths.length, 'item')} ticked in Browse ({countOf(chosen.files, 'file')}, {formatBytes(chosen.bytes)}).
                  {chosen.damagedFiles > 0 && ` ${countOf(chosen.damagedFiles, 'damaged file')} cannot be restored and will be named; every other file is restored.`}
                </p>
              ) : (
                <RadioGroup className="radio-group" value={what} onChange={(v) => setWhat(v as What)} isDisabled={running}>
                  <Label className="group-label">What to restore</Label>
                  <Radio value="all" className="radio">
                    <span className="mark" aria-hidden="true" />
                    Everything in this backup ({listing.total.files} files, {formatBytes(listing.total.bytes)})
                  </Radio>
                  <Radio value="some" className="radio" isDisabled={tooMany}>
                    <span className="mark" aria-hidden="true" />
                    Only the files and folders I tick
                  </Radio>
                  {tooMany && (
                    <p className="hint" role="note">
                      This backup holds {listing.total.entries.toLocaleString('en-US')} entries, more than the {LISTING_MAX_ENTRIES.toLocaleString('en-US')} this list shows: to restore only some of them, tick them in the Vault's Browse… instead.
                    </p>
                  )}
                </RadioGroup>
              )}
              {what === 'some' && !chosen && !tooMany && <RestoreTree roots={roots} selected={selected} onChange={(next) => setSelected(cascadeSelection(roots, selected, next))} />}
              <RadioGroup className="radio-group" value={where} onChange={(v) => setWhere(v as Where)} isDisabled={running}>
                <Label className="group-label">Where to put the files</Label>
                {isAdmin && (
                  <Radio value="new" className="radio">
                    <span className="mark" aria-hidden="true" />
                    Into a new folder (recommended: nothing live is touched)
                  </Radio>
                )}
                <Radio value="inRestoreFolder" className="radio" isDisabled={restoreFolder === null}>
                  <span className="mark" aria-hidden="true" />
                  Into a new folder in the restore folder{restoreFolder ? ` (${restoreFolder})` : ' (not set)'}
                </Radio>
                {isAdmin && (
                  <Radio value="original" className="radio danger">
                    <span className="mark" aria-hidden="true" />
                    Over the original data directories
                  </Radio>
                )}
              </RadioGroup>
              {where === 'inRestoreFolder' ? (
                <p className={restoreFolder ? 'hint' : 'notice error'} role="note">
                  {restoreFolder
                    ? `The Director makes a new folder in ${restoreFolder}, named ${id}-<date>-<time>, and restores into it.`
                    : 'No restore folder is set, so you cannot restore yet: ask an admin to set one (HotBackup Folder tab, Restore folder).'}
                </p>
              ) : where === 'new' ? (
                <TextField
                  label="New folder"
                  name="restore-folder"
                  className="wide"
                  value={folder}
                  onChange={setFolder}
                  description="Must be empty or not exist yet; it is created. Not inside the HotBackup folder."
                />
              ) : (
                <div className="over-warning" role="note">
                  <p>
                    <strong>This replaces live files.</strong> Each file of this backup is written back where it came from:
                  </p>
                  <ul>
                    {listing.dataDirectories.map((d) => (
                      <li key={d.top}>
                        <code>{d.path}</code>
                      </li>
                    ))}
                  </ul>
                  <p>
                    Files created after this backup are kept. A red light first offers a HotBackup of today’s data, and the restore runs as an
                    exclusive task, so no backup is taken half-way through it.
                  </p>
                </div>
              )}
              <p className="restore-summary" data-testid="restore-summary">
                {nothingChosen
                  ? 'Tick at least one file or folder.'
                  : `${countOf(totals.files, 'file')}, ${formatBytes(totals.bytes)}, will be restored ${where === 'new' ? `into ${folder.trim() || '…'}` : where === 'inRestoreFolder' ? `into a new folder in ${restoreFolder ?? 'the restore folder'}` : 'over the data directories'}.`}
              </p>
              {running && <VaultProgressBar id={id} operation="restore" label="Restore progress" what={(p) => (p?.step === 'checking' ? 'Checking the backup' : 'Restoring')} />}
              {outcome && (
                <p role={outcome.ok ? 'status' : 'alert'} className={`notice ${outcome.ok ? 'ok' : 'error'}`}>
                  {outcome.text}
                </p>
              )}
            </>
          )}
          <div className="actions">
            <Button className={`button ${where === 'original' ? 'danger' : 'primary'}`} isDisabled={!listing || running || nothingChosen || (where === 'new' && !folder.trim()) || (where === 'inRestoreFolder' && !restoreFolder) || outcome?.ok === true} onPress={() => void restore()}>
              {running ? 'Restoring…' : where === 'original' ? 'Restore over live data…' : 'Restore'}
            </Button>
            <Button className="button" slot="close" isDisabled={running}>
              {outcome?.ok ? 'Close' : 'Cancel'}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
