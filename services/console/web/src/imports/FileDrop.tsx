import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Typography } from '@mui/material';
import { type DragEvent, useRef, useState } from 'react';
import { useInput, useLocaleState, useTranslate } from 'react-admin';

/** "12,3 Ko": a file's size as people read it. */
export function fileSize(bytes: number, locale: string): string {
  const numberLocale = locale === 'en' ? 'en-GB' : 'fr-FR';
  const unit = locale === 'en' ? ['KB', 'MB'] : ['Ko', 'Mo'];
  if (bytes < 1024 * 1024) return `${Math.max(0.1, bytes / 1024).toLocaleString(numberLocale, { maximumFractionDigits: 1 })} ${unit[0]}`;
  return `${(bytes / 1024 / 1024).toLocaleString(numberLocale, { maximumFractionDigits: 1 })} ${unit[1]}`;
}

/**
 * The CSV file of an upload: dropped on the zone, or chosen with an ordinary button (the keyboard's
 * way, and a screen reader's). The chosen file's name is said as a sentence; the server's refusal of
 * the file (`file` field error) is shown here.
 */
export function FileDrop({ source }: { source: string }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { field, fieldState } = useInput({ source });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const file = field.value as File | undefined | null;
  const take = (chosen: File | undefined) => {
    if (chosen) field.onChange(chosen);
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };
  const error = fieldState.error?.message;
  return (
    <Box
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer.files[0]);
      }}
      data-testid="import-drop-zone"
      sx={{
        border: '2px dashed',
        borderColor: error ? 'error.main' : dragging ? 'primary.main' : 'grey.500',
        bgcolor: dragging ? 'action.hover' : 'background.paper',
        borderRadius: 2,
        p: 3,
        textAlign: 'center',
        mb: 2,
      }}
    >
      <UploadFileIcon fontSize="large" color="primary" aria-hidden />
      <Typography id="import-drop-help" sx={{ mb: 1 }}>
        {translate('sesame.imports.upload.drop')}
      </Typography>
      <Button variant="outlined" onClick={() => input.current?.click()} aria-describedby="import-drop-help import-chosen-file">
        {translate('sesame.imports.upload.choose')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        hidden
        onChange={(event) => {
          take(event.target.files?.[0]);
          // The same file chosen again (after fixing it) must count as a new choice.
          event.target.value = '';
        }}
      />
      <Typography id="import-chosen-file" role="status" sx={{ mt: 1, fontWeight: file ? 600 : undefined }}>
        {file ? translate('sesame.imports.upload.chosen', { name: file.name, size: fileSize(file.size, locale) }) : translate('sesame.imports.upload.noFile')}
      </Typography>
      {error && (
        <Typography color="error" role="alert" sx={{ mt: 1 }}>
          {translate(error, { _: error })}
        </Typography>
      )}
    </Box>
  );
}
