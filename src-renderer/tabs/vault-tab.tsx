import '../vault/vault.css';
import { useMemo, useState } from 'react';
import { Button, type DateRange, type Selection, type SortDescriptor } from 'react-aria-components';
import type { VerifyResult } from '../../shared/vault.js';
import { getBridge, useApp } from '../store/store.js';
import { reloadVault } from '../store/vault-load.js';
import { BrowseDialog, type BrowseChoice } from '../vault/browse-dialog.js';
import { DeleteDialog } from '../vault/delete-dialog.js';
import { DetailsDialog } from '../vault/details-dialog.js';
import { FailedAttempts } from '../vault/failed-attempts.js';
import { HistoryChart } from '../vault/history-chart.js';
import { runsFromHistory } from '../vault/history-series.js';
import { RestoreWizard } from '../vault/restore-wizard.js';
import { VaultFilters } from '../vault/vault-filters.js';
import { filterRecords, noFilter, sortRecords, type VaultColumn, type VaultFilter } from '../vault/vault-rows.js';
import { VaultTable } from '../vault/vault-table.js';
import { verdictsById } from '../vault/verify-mark.js';
import { VerifyPanel } from '../vault/verify-panel.js';
import { CopyOffsiteButton, OffsiteListErrors, useOffsiteListing } from '../vault/offsite-copy.js';

type Open = { kind: 'details' | 'browse'; id: string } | { kind: 'restore'; id: string; chosen?: BrowseChoice } | { kind: 'delete'; ids: string[] } | null;

/** The Vault: every backup in the HotBackup folder, with details, verify, restore and delete. */
export function VaultTab() {
  const vault = useApp((s) => s.vault);
  const vaultError = useApp((s) => s.vaultError);
  const verified = useApp((s) => s.verified);
  const repairs = useApp((s) => s.vaultRepairs);
  const history = useApp((s) => s.history);
  const offsite = useApp((s) => s.offsite);
  useOffsiteListing();
  const [filter, setFilter] = useState<VaultFilter>(noFilter);
  const [range, setRange] = useState<DateRange | null>(null);
  const [sort, setSort] = useState<SortDescriptor>({ column: 'started', direction: 'descending' });
  const [selected, setSelected] = useState<Selection>(new Set());
  const [open, setOpen] = useState<Open>(null);
  const [verify, setVerify] = useState<{ id: string; running: boolean; result: VerifyResult | null; error: string | null } | null>(null);

  const records = vault?.records ?? [];
  const stored = useMemo(() => verdictsById(vault?.verifications), [vault]);
  const rows = useMemo(
    () => sortRecords(filterRecords(records, filter), sort.column as VaultColumn, sort.direction ?? 'descending'),
    [records, filter, sort],
  );
  // Only rows still shown count as chosen: a filter or a deletion never leaves a hidden row selected.
  const chosen = rows.filter((r) => selected === 'all' || selected.has(r.id));
  const one = chosen.length === 1 ? chosen[0]! : null;
  const busy = chosen.some((r) => r.result === 'In Progress');

  const runVerify = async (id: string) => {
    setVerify({ id, running: true, result: null, error: null });
    useApp.getState().setVaultProgress(null);
    const r = await getBridge().invoke('vault.verify', { id });
    if (r.ok) useApp.getState().setVerified(r.value);
    setVerify({ id, running: false, result: r.ok ? r.value : null, error: r.ok ? null : r.error.message });
  };

  if (!vault && !vaultError) return <p>Reading the HotBackup folder…</p>;
  return (
    <div className="panel vault" aria-labelledby="vault-heading">
      <div className="vault-head">
        <h2 id="vault-heading">HotBackup Vault</h2>
        {vault && (
          <span className="hint">
            Backups in <code>{vault.hotBackupFolder}</code>
          </span>
        )}
      </div>
      {vaultError && (
        <p role="alert" className="notice error">
          {vaultError}{' '}
          <Button className="button small" onPress={() => void reloadVault()}>
            Try again
          </Button>
        </p>
      )}
      {repairs.length > 0 && (
        <div className="repairs" role="status">
          <strong>BACKUP.LOG was repaired:</strong>
          <ul>
            {repairs.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <Button className="button small" onPress={() => useApp.getState().dismissVaultRepairs()}>
            Dismiss
          </Button>
        </div>
      )}
      <VaultFilters
        filter={filter}
        range={range}
        shown={rows.length}
        total={records.length}
        onChange={(f, r) => {
          setFilter(f);
          setRange(r);
        }}
      />
      <div className="vault-actions" role="toolbar" aria-label="Actions on the chosen HotBackups">
        <Button className="button" isDisabled={!one} onPress={() => one && setOpen({ kind: 'details', id: one.id })}>
          Details
        </Button>
        <Button className="button" isDisabled={!one || busy || verify?.running === true} onPress={() => one && void runVerify(one.id)}>
          Verify
        </Button>
        <Button className="button" isDisabled={!one || one.result !== 'Succeeded'} onPress={() => one && setOpen({ kind: 'browse', id: one.id })}>
          Browse…
        </Button>
        <Button className="button" isDisabled={!one || one.result !== 'Succeeded'} onPress={() => one && setOpen({ kind: 'restore', id: one.id })}>
          Restore…
        </Button>
        <CopyOffsiteButton id={one?.id ?? null} isDisabled={!one || one.result !== 'Succeeded'} />
        <Button className="button danger-outline" isDisabled={chosen.length === 0 || busy} onPress={() => setOpen({ kind: 'delete', ids: chosen.map((r) => r.id) })}>
          Delete…
        </Button>
        <span className="hint">{chosen.length === 0 ? 'Tick HotBackups to act on them; double-click a row to see its report.' : `${chosen.length} chosen`}</span>
      </div>
      <OffsiteListErrors />
      {verify && <VerifyPanel {...verify} onDismiss={() => setVerify(null)} />}
      <VaultTable
        rows={rows}
        verified={verified}
        stored={stored}
        selected={selected}
        onSelectionChange={setSelected}
        sort={sort}
        onSortChange={setSort}
        onOpen={(id) => setOpen({ kind: 'details', id })}
        offsite={offsite}
      />
      {history && <FailedAttempts entries={history} />}
      <HistoryChart records={history ? runsFromHistory(history) : records} />
      {open?.kind === 'details' && <DetailsDialog id={open.id} onClose={() => setOpen(null)} />}
      {open?.kind === 'browse' && <BrowseDialog id={open.id} onClose={() => setOpen(null)} onRestore={(chosen) => setOpen({ kind: 'restore', id: open.id, chosen })} />}
      {open?.kind === 'restore' && <RestoreWizard id={open.id} chosen={open.chosen} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && (
        <DeleteDialog
          records={records}
          ids={open.ids}
          onClose={(deleted) => {
            setOpen(null);
            if (deleted.length) setSelected(new Set());
          }}
        />
      )}
    </div>
  );
}
