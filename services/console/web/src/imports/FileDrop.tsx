import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Stack, Typography } from '@mui/material';
import { type DragEvent, useRef, useState } from 'react';
import { useInput, useLocaleState, useTranslate } from 'react-admin';
import { addFiles } from '../feeds/feed-state';

/** "12,3 Ko": a file's size as people read it. */
export function fileSize(bytes: number, locale: string): string {
  const numberLocale = locale === 'en' ? 'en-GB' : 'fr-FR';
  const unit = locale === 'en' ? ['KB', 'MB'] : ['Ko', 'Mo'];
  if (bytes < 1024 * 1024) return `${Math.max(0.1, bytes / 1024).toLocaleString(numberLocale, { maximumFractionDigits: 1 })} ${unit[0]}`;
  return `${(bytes / 1024 / 1024).toLocaleString(numberLocale, { maximumFractionDigits: 1 })} ${unit[1]}`;
}

interface FileDropProps {
  source: string;
  /** Several files (an AAF delivery): the value is a list, each drop or choice adds to it. */
  multiple?: boolean;
  /** The file chooser's filter. */
  accept?: string;
  /** Where the zone's sentences are in the catalogue (`<texts>.drop`, `.choose`, `.chosen`, `.noFile`…). */
  texts?: string;
  testId?: string;
}

/**
 * The file(s) of an upload: dropped on the zone, or chosen with an ordinary button (the keyboard's
 * way, and a screen reader's). The choice is said as a sentence; the server's refusal of the file
 * (the field's error) is shown here. With `multiple`, files add up and can be cleared.
 */
export function FileDrop({ source, multiple = false, accept = '.csv,.txt,text/csv,text/plain', texts = 'sesame.imports.upload', testId = 'import-drop-zone' }: FileDropProps) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { field, fieldState } = useInput({ source });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const files: File[] = multiple ? ((field.value as File[] | undefined | null) ?? []) : field.value ? [field.value as File] : [];
  const take = (chosen: FileList | null | undefined) => {
    const list = chosen ? Array.from(chosen) : [];
    if (!list.length) return;
    field.onChange(multiple ? addFiles(files, list) : list[0]);
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };
  const error = fieldState.error?.message;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const chosenSentence = !files.length
    ? translate(`${texts}.noFile`)
    : multiple
      ? translate(`${texts}.chosenMany`, { smart_count: files.length, names: files.map((file) => file.name).join(', '), size: fileSize(total, locale) })
      : translate(`${texts}.chosen`, { name: files[0].name, size: fileSize(files[0].size, locale) });
  return (
    <Box
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer.files);
      }}
      data-testid={testId}
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
      <Typography id={`${testId}-help`} sx={{ mb: 1 }}>
        {translate(`${texts}.drop`)}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'center' }}>
        <Button variant="outlined" onClick={() => input.current?.click()} aria-describedby={`${testId}-help ${testId}-chosen`}>
          {translate(`${texts}.choose`)}
        </Button>
        {multiple && files.length > 0 && (
          <Button onClick={() => field.onChange([])} aria-describedby={`${testId}-chosen`}>
            {translate(`${texts}.clear`)}
          </Button>
        )}
      </Stack>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        hidden
        onChange={(event) => {
          take(event.target.files);
          // The same file chosen again (after fixing it) must count as a new choice.
          event.target.value = '';
        }}
      />
      <Typography id={`${testId}-chosen`} role="status" sx={{ mt: 1, fontWeight: files.length ? 600 : undefined, overflowWrap: 'anywhere' }}>
        {chosenSentence}
      </Typography>
      {error && (
        <Typography color="error" role="alert" sx={{ mt: 1 }}>
          {translate(error, { _: error })}
        </Typography>
      )}
    </Box>
  );
}
