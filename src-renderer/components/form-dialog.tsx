import './form-dialog.css';
import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { NoticeText, type Notice } from './notice.js';

export interface FormDialogProps {
  title: string;
  /** Called on Escape and on "Cancel"; the dialog is controlled by its parent. */
  onClose(): void;
  children: ReactNode;
  /** The dialog's own buttons (Save…); "Cancel" is added after them. */
  actions: ReactNode;
  /** A notice for the whole dialog (e.g. "Nothing was saved…"), shown above the buttons. */
  notice?: Notice;
  className?: string;
  cancelLabel?: string;
}

/** A modal dialog for a form: accessible (focus trapped, Escape closes, title labels it). */
export function FormDialog({ title, onClose, children, actions, notice, className, cancelLabel = 'Cancel' }: FormDialogProps) {
  return (
    <ModalOverlay className="form-modal-overlay" isOpen isDismissable={false} isKeyboardDismissDisabled={false} onOpenChange={(open) => !open && onClose()}>
      <Modal className={`form-modal ${className ?? ''}`}>
        <Dialog className="form-dialog">
          <Heading slot="title" className="form-dialog-title">
            {title}
          </Heading>
          <div className="form-dialog-body">{children}</div>
          <NoticeText notice={notice ?? null} as="p" />
          <div className="actions form-dialog-actions">
            {actions}
            <Button className="button" onPress={onClose}>
              {cancelLabel}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export interface ConfirmDialogProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
  busy?: boolean;
  error?: string | null;
}

/** "Delete …?" with the destructive button named for what it does. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose, busy, error }: ConfirmDialogProps) {
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      className="confirm"
      notice={error ? { kind: 'error', text: error } : null}
      actions={
        <Button className="button danger" autoFocus isDisabled={busy} onPress={onConfirm}>
          {confirmLabel}
        </Button>
      }
    >
      <p>{message}</p>
    </FormDialog>
  );
}
