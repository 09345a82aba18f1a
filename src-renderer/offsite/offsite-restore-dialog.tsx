import { useEffect, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { formatBytes } from '../../shared/format.js';
import type { OffsiteCopyOnTarget } from '../../shared/offsite.js';
import type { PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { localPathProblem } from '../../shared/paths.js';
import { PlainField, RadioChoice, RadioChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import type { Notice } from '../components/notice.js';
import { formatDateTime } from '../format/date-time.js';
import { getBridge } from '../store/store.js';
import { chosenPaths, noneChosen, OffsiteRestoreSome, type SomeState } from './offsite-restore-some.js';
import { GlobPattern, MAX_PATTERNS } from '../../shared/settings.js';

/**
 * The copies on one target (`offsite.list`) and a restore of one of them into a new folder on the
 * Director's machine (`offsite.restore`), whole or in part (ticked in the copy's file list,
 * `offsite.manifest`, or given as path patterns). An encrypted copy needs the recovery key, pasted
 * here for this restore only: it is sent with each request and never stored.
 */
const keyMissing = 'This copy is encrypted: paste the recovery key (the AGE-SECRET-KEY-1… line from the recovery sheet).';

export function OffsiteRestoreDialog({ target, onClose }: { target: PublicOffsiteTarget; onClose(): void }) {
  const [copies, setCopies] = useState<OffsiteCopyOnTarget[] | null>(null);
  const [chosen, setChosen] = useState<OffsiteCopyOnTarget | null>(null);
  const [to, setTo] = useState('');
  const [identity, setIdentity] = useState('');
  const [errors, setErrors] = useState<{ to?: string; identity?: string; paths?: string }>({});
  const [what, setWhat] = useState<'all' | 'some'>('all');
  const [some, setSome] = useState<SomeState>(noneChosen);
  const choose = (c: OffsiteCopyOnTarget | null) => {
    setChosen(c);
    setSome(noneChosen);
    setErrors({});
  };
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void getBridge()
      .invoke('offsite.list', { target: target.id })
      .then((r) => (r.ok ? setCopies(r.value.copies) : setNotice({ kind: 'error', text: `The copies could not be listed: ${r.error.message}` })));
  }, [target.id]);

  const restore = async () => {
    if (!chosen) return;
    const found: typeof errors = {};
    const p = localPathProblem(to.trim());
    if (p) found.to = `"${to.trim()}" ${p}.`;
    if (chosen.encrypted && !identity.includes('AGE-SECRET-KEY-1')) found.identity = keyMissing;
    const paths = what === 'some' ? chosenPaths(some.listing, some.selected, some.patterns) : undefined;
    if (paths && paths.length === 0) found.paths = 'Nothing is chosen: tick files or folders in the list, or give a path or pattern here (or restore everything).';
    else if (paths && paths.length > MAX_PATTERNS) found.paths = `${paths.length} paths are chosen; at most ${MAX_PATTERNS}: tick whole folders instead of their files.`;
    else {
      const wrong = paths?.map((g) => [g, GlobPattern.safeParse(g)] as const).find(([, r]) => !r.success);
      if (wrong) found.paths = `"${wrong[0].slice(0, 60)}": ${wrong[1].error?.issues[0]?.message ?? 'not a pattern'}.`;
    }
    setErrors(found);
    if (Object.keys(found).length) return setNotice({ kind: 'error', text: 'Nothing was restored: correct the fields marked above.' });
    setBusy(true);
    setNotice(null);
    const r = await getBridge().invoke('offsite.restore', { target: target.id, backupId: chosen.backupId, to: to.trim(), ...(chosen.encrypted ? { identity } : {}), ...(paths ? { paths } : {}) });
    setBusy(false);
    if (r.ok) setIdentity('');
    setNotice(
      r.ok
        ? { kind: 'ok', text: `Restored ${r.value.files} files (${formatBytes(r.value.bytes)}) of ${r.value.backupId}${paths ? ` (${paths.length === 1 ? 'the path' : `${paths.length} paths`} chosen)` : ''} into ${r.value.to}${r.value.checked ? '; every file matched its SHA-256 in MANIFEST.json' : ''}.` }
        : { kind: 'error', text: `Nothing was restored: ${r.error.message}` },
    );
  };

  return (
    <FormDialog
      title={`Copies on "${target.label}"`}
      onClose={onClose}
      notice={notice}
      className="wide"
      cancelLabel="Close"
      actions={
        chosen && (
          <Button className="button primary" isDisabled={busy} onPress={() => void restore()}>
            {busy ? 'Restoring…' : `Restore ${chosen.backupId}`}
          </Button>
        )
      }
    >
      {!copies && !notice && <p>Listing the copies on the target…</p>}
      {copies && (
        <Table aria-label={`Copies on ${target.label}`} className="data-table" selectionMode="single" selectionBehavior="replace" selectedKeys={chosen ? [chosen.backupId] : []} onSelectionChange={(keys) => choose(copies.find((c) => keys !== 'all' && keys.has(c.backupId) && c.complete) ?? null)}>
          <TableHeader>
            <Column isRowHeader>Backup</Column>
            <Column>Copied</Column>
            <Column>Size</Column>
            <Column>State</Column>
          </TableHeader>
          <TableBody items={copies.map((c) => ({ ...c, id: c.backupId }))} renderEmptyState={() => <p className="empty-note">No copies on this target yet.</p>}>
            {(c) => (
              <Row id={c.backupId}>
                <Cell>{c.backupId}</Cell>
                <Cell>{formatDateTime(c.copied)}</Cell>
                <Cell>{formatBytes(c.bytes)}</Cell>
                <Cell>{c.complete ? (c.encrypted ? 'Complete, encrypted' : 'Complete') : 'Incomplete (not restorable)'}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      {chosen && (
        <>
          <PlainField label="Restore into (a new folder on the Director's computer)" value={to} onChange={(v) => (setTo(v), setErrors((e) => ({ ...e, to: undefined })))} error={errors.to} placeholder="/srv/restores/from-offsite" />
          {chosen.encrypted && (
            <PlainField label="Recovery key" multiline value={identity} onChange={(v) => (setIdentity(v), setErrors((e) => ({ ...e, identity: undefined })))} error={errors.identity} placeholder="AGE-SECRET-KEY-1…" description="Used for this restore only; never stored." autoComplete="off" />
          )}
          <RadioChoices label="What to restore" value={what} onChange={(v) => (setWhat(v as 'all' | 'some'), setErrors((e) => ({ ...e, paths: undefined })))}>
            <RadioChoice value="all">Everything in this copy ({formatBytes(chosen.bytes)} stored)</RadioChoice>
            <RadioChoice value="some">Only some files and folders</RadioChoice>
          </RadioChoices>
          {what === 'some' && (
            <OffsiteRestoreSome
              key={chosen.backupId}
              target={target.id}
              backupId={chosen.backupId}
              encrypted={chosen.encrypted}
              identity={identity}
              state={some}
              onChange={(s) => (setSome(s), setErrors((e) => ({ ...e, paths: undefined })))}
              error={errors.paths}
              onKeyMissing={() => setErrors((e) => ({ ...e, identity: keyMissing }))}
            />
          )}
        </>
      )}
    </FormDialog>
  );
}
