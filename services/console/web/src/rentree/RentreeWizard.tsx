import { Alert, Box, Button, Checkbox, CircularProgress, FormControl, FormControlLabel, FormGroup, FormLabel, MenuItem, Step, StepLabel, Stepper, TextField, Typography } from '@mui/material';
import { type ChangeEvent, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDate } from '../accounts/account-rows';
import { ApiError } from '../providers/http';
import { parseClassList } from './class-list';
import { type ClassListRow, type Rentree, type RentreeInput, type RentreePreview, rentreeApi } from './rentree-api';
import { PreviewCounts } from './PreviewCounts';
import { defaultSchoolYear, yearLabel } from './school-year';

export interface SchoolChoice {
  id: string;
  uai: string;
  name: string;
}

const STEPS = ['year', 'classList', 'preview', 'done'] as const;

/** A refusal as the sentences to show: each field error (the class list's lines), else the title and detail. */
function messagesOf(failure: unknown, translate: (key: string, options?: object) => string): string[] {
  if (failure instanceof ApiError && failure.problem.errors?.length) return failure.problem.errors.map((e) => e.message);
  if (failure instanceof ApiError && failure.problem.detail) return [failure.problem.detail];
  const text = (failure as Error).message;
  return [translate(text, { _: text })];
}

/**
 * « Ouvrir une nouvelle année scolaire »: the year and the schools (an administrator's own), an
 * optional class list (a CSV file read here), the preview's counts in sentences, then the opening.
 */
export function RentreeWizard({ schools, manager, onOpened }: { schools: SchoolChoice[]; manager: boolean; onOpened: (rentree: Rentree) => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [step, setStep] = useState(0);
  const [year, setYear] = useState(defaultSchoolYear(new Date()));
  const [everySchool, setEverySchool] = useState(false);
  const [chosen, setChosen] = useState<string[]>(() => (schools.length === 1 ? [schools[0].id] : []));
  const [list, setList] = useState<{ name: string; rows: ClassListRow[] }>();
  const [listError, setListError] = useState<string>();
  const [preview, setPreview] = useState<RentreePreview>();
  const [opened, setOpened] = useState<Rentree>();
  const [problems, setProblems] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  const input = (): RentreeInput => ({ schoolYear: year, ...(everySchool ? {} : { schoolIds: chosen }), ...(list ? { classList: list.rows } : {}) });
  const run = async (work: () => Promise<void>) => {
    setProblems([]);
    setPending(true);
    try {
      await work();
    } catch (failure) {
      setProblems(messagesOf(failure, translate));
    } finally {
      setPending(false);
    }
  };
  const toPreview = () =>
    run(async () => {
      setPreview(undefined);
      setStep(2);
      setPreview(await rentreeApi.preview(input()));
    });
  const open = () =>
    run(async () => {
      const rentree = await rentreeApi.open(input());
      setOpened(rentree);
      setStep(3);
      onOpened(rentree);
    });
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const parsed = parseClassList(await file.text());
    if ('error' in parsed) {
      setList(undefined);
      setListError(translate(`sesame.rentree.wizard.classListErrors.${parsed.error}`));
    } else {
      setListError(undefined);
      setList({ name: file.name, rows: parsed.rows });
    }
  };
  const restart = () => {
    setStep(0);
    setList(undefined);
    setPreview(undefined);
    setOpened(undefined);
  };
  const toggle = (id: string) => setChosen((all) => (all.includes(id) ? all.filter((x) => x !== id) : [...all, id]));
  const noSchool = !everySchool && chosen.length === 0;
  const label = yearLabel(year);

  return (
    <Box>
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        {STEPS.map((key) => (
          <Step key={key}>
            <StepLabel>{translate(`sesame.rentree.wizard.steps.${key}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {problems.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {problems.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        </Alert>
      )}

      {step === 0 && (
        <Box sx={{ display: 'grid', gap: 2, maxWidth: 640 }}>
          <TextField select label={translate('sesame.rentree.wizard.year')} value={year} onChange={(event) => setYear(Number(event.target.value))} sx={{ maxWidth: 280 }}>
            {[year - 1, year, year + 1].map((option) => (
              <MenuItem key={option} value={option}>
                {yearLabel(option)}
              </MenuItem>
            ))}
          </TextField>
          <FormControl component="fieldset">
            <FormLabel component="legend">{translate('sesame.rentree.wizard.schools')}</FormLabel>
            <FormGroup>
              {manager && <FormControlLabel control={<Checkbox checked={everySchool} onChange={() => setEverySchool(!everySchool)} />} label={translate('sesame.rentree.wizard.allSchools')} />}
              {schools.map((school) => (
                <FormControlLabel
                  key={school.id}
                  control={<Checkbox checked={everySchool || chosen.includes(school.id)} disabled={everySchool} onChange={() => toggle(school.id)} />}
                  label={`${school.name} (${school.uai})`}
                />
              ))}
            </FormGroup>
          </FormControl>
          {noSchool && <Typography color="text.secondary">{translate('sesame.rentree.wizard.noSchool')}</Typography>}
          <Box>
            <Button variant="contained" disabled={noSchool} onClick={() => setStep(1)}>
              {translate('sesame.rentree.wizard.next')}
            </Button>
          </Box>
        </Box>
      )}

      {step === 1 && (
        <Box sx={{ display: 'grid', gap: 2, maxWidth: 720 }}>
          <Typography>{translate('sesame.rentree.wizard.classListHelp')}</Typography>
          <Box>
            <Button variant="outlined" component="label">
              {translate('sesame.rentree.wizard.classListPick')}
              <input hidden type="file" accept=".csv,text/csv" aria-label={translate('sesame.rentree.wizard.classListPick')} onChange={readFile} />
            </Button>
          </Box>
          {listError && <Alert severity="error">{listError}</Alert>}
          {list && (
            <Alert severity="info" action={<Button onClick={() => setList(undefined)}>{translate('sesame.rentree.wizard.classListRemove')}</Button>}>
              {translate('sesame.rentree.wizard.classListRead', { name: list.name, smart_count: list.rows.length })}
            </Alert>
          )}
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button onClick={() => setStep(0)}>{translate('sesame.rentree.wizard.back')}</Button>
            <Button variant="contained" onClick={toPreview}>
              {translate(list ? 'sesame.rentree.wizard.next' : 'sesame.rentree.wizard.withoutList')}
            </Button>
          </Box>
        </Box>
      )}

      {step === 2 && (
        <Box sx={{ display: 'grid', gap: 2 }}>
          {pending && !preview && (
            <Typography role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <CircularProgress size={16} /> {translate('sesame.rentree.wizard.previewLoading')}
            </Typography>
          )}
          {preview && <PreviewCounts preview={preview} />}
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button onClick={() => setStep(1)}>{translate('sesame.rentree.wizard.back')}</Button>
            <Button variant="contained" disabled={!preview || pending} onClick={open} startIcon={pending && preview ? <CircularProgress size={16} /> : undefined}>
              {translate('sesame.rentree.wizard.confirm', { year: label })}
            </Button>
          </Box>
        </Box>
      )}

      {step === 3 && opened && (
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Alert severity="success">{translate('sesame.rentree.wizard.opened', { year: yearLabel(opened.schoolYear), date: formatDate(opened.restorableUntil, locale) })}</Alert>
          <Typography>{translate('sesame.rentree.wizard.lettersHint')}</Typography>
          <Box>
            <Button onClick={restart}>{translate('sesame.rentree.wizard.another')}</Button>
          </Box>
        </Box>
      )}
    </Box>
  );
}
