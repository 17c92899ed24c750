import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import type { FocusEvent } from 'react';
import { useNotify } from 'react-admin';

/**
 * A value to paste into a tool's settings (an address, an identifier, a secret): read-only, selectable,
 * with a button that copies it. Each has its own label, so a screen reader says what is copied.
 */
export function CopyField({ id, label, value, copyLabel }: { id: string; label: string; value: string; copyLabel: string }) {
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      notify('sesame.oidcClients.copy.done', { type: 'info' });
    } catch {
      // No clipboard (an insecure address, a refused permission): the text stays there to select.
      notify('sesame.oidcClients.copy.failed', { type: 'warning' });
    }
  };
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      fullWidth
      margin="dense"
      slotProps={{
        htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: 'monospace' }, onFocus: (event: FocusEvent<HTMLInputElement>) => event.target.select() },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={copyLabel}>
                <IconButton onClick={copy} aria-label={copyLabel} edge="end">
                  <ContentCopyIcon />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
      sx={{ mb: 1 }}
    />
  );
}
