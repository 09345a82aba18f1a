import { Fragment, useEffect, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { BackupDetail } from '../../shared/vault.js';
import { getBridge, useApp } from '../store/store.js';
import { reportLines } from './report-steps.js';
import { saveReportAsPdf } from './save-pdf.js';
import { durationSeconds, formatBytes, formatDuration, formatTime } from './vault-rows.js';

/** A folder path that may wrap only after a '/': a backup ID at its end is never cut in two. */
function pathWithBreaks(path: string) {
  return path.split('/').map((part, i, all) => (
    <Fragment key={i}>
      {part}
      {i < all.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </Fragment>
  ));
}

function Summary({ d }: { d: BackupDetail }) {
  const r = d.record;
  const verified = useApp((s) => s.verified[r.id]);
  const stored = useApp((s) => s.vault?.verifications?.find((v) => v.id === r.id));
  const rows: [string, string][] = [
    ['Result', r.result],
    ['Folder', `${r.folder}${r.foundOnDisk ? ' (found on disk, not in BACKUP.LOG)' : ''}`],
    ['Trigger', r.trigger],
    ['Requested by', [r.user, r.task].filter(Boolean).join(' · ') || '—'],
    ['Started', formatTime(r.started)],
    ['Ended', formatTime(r.ended)],
    ['Duration', formatDuration(durationSeconds(r))],
    ['Files', r.files === null ? '—' : String(r.files)],
    ['Size', formatBytes(r.bytes)],
    ['Volumes', d.volumes.length ? d.volumes.map((v) => `${v.name} (${formatBytes(v.size)})`).join(', ') : 'none'],
    ['Stored in', d.path],
  ];
  if (stored) rows.push(['Last verified', `${formatTime(stored.at)}${stored.scheduled ? ' (scheduled)' : ''}: ${stored.ok ? 'OK' : 'DAMAGED'}, ${stored.summary}`]);
  if (verified) rows.push(['Verify (this session)', verified.ok ? `OK: ${verified.entriesChecked} entries in ${verified.volumesChecked} volume(s)` : verified.problems.join('; ')]);
  return (
    <>
      {r.result === 'Failed' && (
        <p className="report-reason" data-testid="failure-reason">
          <strong>Why it failed: </strong>
          {r.error || 'no reason was recorded (see the steps below)'}
        </p>
      )}
      <dl className="report-summary">
        {rows.map(([k, v]) => (
          <div key={k} className={k === 'Stored in' ? 'wide' : undefined}>
            <dt>{k}</dt>
            {k === 'Stored in' ? <dd className="path">{pathWithBreaks(v)}</dd> : <dd>{v}</dd>}
          </div>
        ))}
      </dl>
    </>
  );
}

function Steps({ d }: { d: BackupDetail }) {
  if (!d.log) return <p>This backup has no HB.LOG, so there are no recorded steps.</p>;
  return (
    <table className="report-steps">
      <caption>Steps recorded in HB.LOG</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Step</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {reportLines(d.log).map((l, i) => (
          <tr key={i} className={`step-${l.kind}`}>
            <td className="nowrap">{formatTime(l.time, true)}</td>
            <td title={l.code}>{l.step}</td>
            <td>{l.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The HotBackup Detail Report of one backup; prints on its own (see the print rules in vault.css). */
export function DetailsDialog({ id, onClose }: { id: string; onClose(): void }) {
  const [detail, setDetail] = useState<BackupDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pdfNote, setPdfNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    void getBridge()
      .invoke('vault.show', { id })
      .then((r) => {
        if (!live) return;
        if (r.ok) setDetail(r.value);
        else setError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <ModalOverlay className="vault-overlay report-overlay" isOpen isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className="vault-modal report-modal">
        <Dialog className="report" aria-label={`HotBackup Detail Report ${id}`}>
          <Heading slot="title">HotBackup Detail Report — {id}</Heading>
          {/* The report scrolls in its own region above the buttons: no row is ever under the button bar. */}
          <div className="report-body" tabIndex={0} role="region" aria-label={`Report of HotBackup ${id}`}>
            {error && (
              <p role="alert" className="notice error">
                {error}
              </p>
            )}
            {!detail && !error && <p>Loading the report…</p>}
            {detail && (
              <>
                <Summary d={detail} />
                <Steps d={detail} />
              </>
            )}
          </div>
          <div className="actions report-actions">
            <Button className="button" isDisabled={!detail} onPress={() => window.print()}>
              Print…
            </Button>
            <Button
              className="button"
              isDisabled={!detail}
              onPress={() => void saveReportAsPdf(`HotBackup ${id} report.pdf`).then(setPdfNote)}
            >
              Save as PDF…
            </Button>
            <Button className="button primary" slot="close">
              Close
            </Button>
            {pdfNote && (
              <span role={pdfNote.ok ? 'status' : 'alert'} className={pdfNote.ok ? 'hint' : 'notice error'}>
                {pdfNote.text}
              </span>
            )}
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
