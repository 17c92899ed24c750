import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

/** « Are you sure? » before what cannot be undone (a new secret, a deletion); Cancel has the focus. */
export function ConfirmDialog({ id, title, text, confirm, onCancel, onConfirm }: { id: string; title: string; text: string; confirm: string; onCancel: () => void; onConfirm: () => Promise<void> }) {
  const translate = useTranslate();
  const [pending, setPending] = useState(false);
  const go = async () => {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog open onClose={onCancel} aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
      <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={`${id}-text`}>{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" color="error" onClick={go} disabled={pending}>
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
