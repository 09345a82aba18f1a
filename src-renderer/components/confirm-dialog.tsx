import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A question before an action that cannot be taken back (cancel a run, adopt a drive): an alert
 * dialog whose safe answer has the focus; `onConfirm` runs only on the second button.
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** The dialog's accessible name. */
  label: string;
  title: string;
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
}) {
  return (
    <ModalOverlay className="vault-overlay" isOpen={props.isOpen} isDismissable onOpenChange={props.onOpenChange}>
      <Modal className="vault-modal delete-modal">
        <Dialog className="delete-dialog" role="alertdialog" aria-label={props.label}>
          <Heading slot="title">{props.title}</Heading>
          {props.children}
          <div className="actions">
            <Button className="button" autoFocus onPress={() => props.onOpenChange(false)}>
              {props.keepLabel}
            </Button>
            <Button className="button danger" onPress={props.onConfirm}>
              {props.confirmLabel}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
