import UndoIcon from '@mui/icons-material/Undo';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocaleState, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime } from '../distribution/labels';
import { type UndoKind, type UndoPreview, type UndoResult, undoApi } from './undo-api';
import { blockerSentence } from './undo-text';

type Step = { at: 'loading' } | { at: 'preview'; preview: UndoPreview } | { at: 'undoing'; preview: UndoPreview } | { at: 'done'; result: UndoResult } | { at: 'refused'; message: string; preview?: UndoPreview };

/**
 * « Annuler l’import » / « Annuler l’alimentation »: the dialog asks the preview first (what would be
 * removed and restored, and the accounts that block it, each in a sentence), then the undo — of the
 * rest when some block it — and says what was done.
 */
export function UndoButton({ kind, id }: { kind: UndoKind; id: string }) {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" color="warning" startIcon={<UndoIcon />} onClick={() => setOpen(true)}>
        {translate(`sesame.undo.button.${kind}`)}
      </Button>
      {open && <UndoDialog kind={kind} id={id} onClose={() => setOpen(false)} />}
    </>
  );
}

const message = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));

function UndoDialog({ kind, id, onClose }: { kind: UndoKind; id: string; onClose: () => void }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [step, setStep] = useState<Step>({ at: 'loading' });
  useEffect(() => {
    let current = true;
    undoApi.preview(kind, id).then(
      (preview) => current && setStep({ at: 'preview', preview }),
      (failure) => current && setStep({ at: 'refused', message: message(failure) }),
    );
    return () => {
      current = false;
    };
  }, [kind, id]);
  const preview = step.at === 'preview' || step.at === 'undoing' ? step.preview : step.at === 'refused' ? step.preview : undefined;
  const run = async (current: UndoPreview) => {
    setStep({ at: 'undoing', preview: current });
    try {
      const result = await undoApi.undo(kind, id, current.blocked > 0);
      setStep({ at: 'done', result });
      refresh();
    } catch (failure) {
      setStep({ at: 'refused', message: message(failure), preview: current });
    }
  };
  const undoable = preview && !preview.undoneAt && step.at !== 'refused';
  return (
    <Dialog open onClose={onClose} aria-labelledby="undo-title" fullWidth maxWidth="md">
      <DialogTitle id="undo-title">{translate(`sesame.undo.title.${kind}`)}</DialogTitle>
      <DialogContent>
        {step.at === 'loading' && (
          <Typography role="status">
            <CircularProgress size={16} sx={{ mr: 1 }} />
            {translate('sesame.undo.loading')}
          </Typography>
        )}
        {preview && step.at !== 'done' && <PreviewText kind={kind} preview={preview} />}
        {step.at === 'refused' && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {step.message}
          </Alert>
        )}
        {step.at === 'done' && <ResultText kind={kind} result={step.result} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('sesame.undo.close')}</Button>
        {undoable && (
          <Button
            variant="contained"
            color="warning"
            disabled={step.at === 'undoing'}
            startIcon={step.at === 'undoing' ? <CircularProgress size={16} /> : undefined}
            onClick={() => run(preview)}
          >
            {preview.blocked > 0 ? translate('sesame.undo.confirmRest') : translate(`sesame.undo.confirm.${kind}`)}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

function PreviewText({ kind, preview }: { kind: UndoKind; preview: UndoPreview }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const operation = translate(`sesame.undo.operation.${kind}`);
  const number = (value: number) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  if (preview.undoneAt) {
    return <Alert severity="info">{translate(preview.partial ? 'sesame.undo.alreadyUndonePartial' : 'sesame.undo.alreadyUndone', { date: formatDateTime(preview.undoneAt, locale) })}</Alert>;
  }
  return (
    <Box data-testid="undo-preview">
      <Typography sx={{ mb: 1 }}>{translate('sesame.undo.intro', { operation })}</Typography>
      {/* A count of nothing says nothing (an import never restores). */}
      {preview.toRemove > 0 && <Typography>{translate('sesame.undo.remove', { smart_count: preview.toRemove, count: number(preview.toRemove) })}</Typography>}
      {preview.toRestore > 0 && <Typography>{translate('sesame.undo.restore', { smart_count: preview.toRestore, count: number(preview.toRestore) })}</Typography>}
      {preview.classes > 0 && <Typography>{translate('sesame.undo.classes', { smart_count: preview.classes, operation })}</Typography>}
      {preview.blocked > 0 && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          <Typography>
            {translate('sesame.undo.blockedIntro', { smart_count: preview.blocked, operation })}
            {preview.blocked > preview.blockers.length ? ` ${translate('sesame.undo.blockedMore', { shown: preview.blockers.length })}` : ''}
          </Typography>
          <Box component="ul" aria-label={translate('sesame.undo.blockersLabel')} sx={{ my: 1, pl: 3 }}>
            {preview.blockers.map((blocker) => (
              <li key={blocker.id}>{blockerSentence(blocker, operation, translate)}</li>
            ))}
          </Box>
        </Alert>
      )}
    </Box>
  );
}

function ResultText({ kind, result }: { kind: UndoKind; result: UndoResult }) {
  const translate = useTranslate();
  return (
    <Box role="status" data-testid="undo-result">
      <Alert severity="success">
        {translate(kind === 'import' ? 'sesame.undo.doneImport' : 'sesame.undo.doneFeed', { removed: result.removed, restored: result.restored, classes: result.classesRemoved })}
        {result.partial ? ` ${translate('sesame.undo.donePartial', { smart_count: result.blocked })}` : ''}
      </Alert>
    </Box>
  );
}
