import { Button } from 'react-aria-components';
import type { RetentionPreview } from '../../shared/retention-preview.js';
import { FormDialog } from '../components/form-dialog.js';
import { formatDateTime } from '../format/date-time.js';
import { countOf } from '../format/plural.js';

/** Lower Recent/Archive counts: which backups the next run deletes, asked before saving. */
export function RetentionConfirm(props: { preview: RetentionPreview; recent: number; archive: number; onConfirm(): void; onClose(): void; busy: boolean }) {
  const { deletes, causedByChange } = props.preview;
  const caused = new Set(causedByChange);
  return (
    <FormDialog
      title={`Delete ${countOf(deletes.length, 'HotBackup')} at the next run?`}
      onClose={props.onClose}
      className="confirm"
      actions={
        <Button className="button danger" autoFocus isDisabled={props.busy} onPress={props.onConfirm}>
          Save and delete at the next run
        </Button>
      }
    >
      <p>
        With {props.recent} Recent and {props.archive} Archive, the next successful HotBackup deletes these to make room, when it cleans up:
      </p>
      <ul className="delete-list" data-testid="retention-deletes">
        {deletes.map((d) => (
          <li key={d.id}>
            <strong className="mono">{d.id}</strong> — {d.folder}, {d.result}, started {formatDateTime(d.started)}
            {!caused.has(d.id) && <span className="hint"> (would go at the next run anyway)</span>}
          </li>
        ))}
      </ul>
      <p>Nothing is deleted now. Until that run you can raise the counts again to keep them.</p>
    </FormDialog>
  );
}
