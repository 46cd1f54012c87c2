/**
 * "Are you sure?" before an irreversible action (issue 15: publishing, closing…): a button that
 * opens an alert dialog saying what will happen, with a way back and the confirmation. Fluent's
 * Dialog keeps the focus inside and gives it back to the button on close.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, type ButtonProps } from '@fluentui/react-components';

export interface ConfirmDialogProps {
  /** The button that asks. */
  readonly trigger: string;
  /** The asking button's look and, when several ask the same on one page, its accessible name (primary by default). */
  readonly triggerProps?: Pick<ButtonProps, 'appearance' | 'size' | 'aria-label'>;
  readonly title: string;
  readonly body: string;
  readonly keep: string;
  readonly confirm: string;
  readonly onConfirm: () => void;
}

export function ConfirmDialog({ trigger, triggerProps, title, body, keep, confirm, onConfirm }: ConfirmDialogProps) {
  return (
    <Dialog modalType="alert">
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" {...triggerProps}>{trigger}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{body}</DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">{keep}</Button>
            </DialogTrigger>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="primary" onClick={onConfirm}>{confirm}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
