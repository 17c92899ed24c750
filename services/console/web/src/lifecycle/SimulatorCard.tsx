import { Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { AutocompleteArrayInput, BooleanInput, Form, SelectInput, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { formatDate } from '../accounts/account-rows';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import { PROFILES } from '../accounts/labels';
import { DayInput } from '../common/DayInput';
import { useSubmit } from '../common/useSubmit';
import { parisDay, parisNoon } from './departure';
import { type LifecycleSimulation, lifecycleApi } from './lifecycle-api';
import { type SimulatorValues, simulationRequest, simulationSentences, situationOf } from './simulator';

/** The classes of the school chosen (none until one is), emptied when another school is chosen. */
function ClassesInput() {
  const translate = useTranslate();
  const schoolId = useWatch<SimulatorValues>({ name: 'schoolId' }) as string | null | undefined;
  const { setValue } = useFormContext<SimulatorValues>();
  const { data = [] } = useGetList('classes', { filter: { schoolId }, pagination: { page: 1, perPage: 10_000 } }, { enabled: !!schoolId });
  const previous = useRef(schoolId);
  useEffect(() => {
    if (previous.current !== schoolId) setValue('classIds', []);
    previous.current = schoolId;
  }, [schoolId, setValue]);
  return (
    <AutocompleteArrayInput
      source="classIds"
      label={translate(schoolId ? 'sesame.lifecycle.simulator.classes' : 'sesame.lifecycle.simulator.classesChooseSchool')}
      choices={schoolId ? data.map((c) => ({ id: c.id, name: c.name })) : []}
      disabled={!schoolId}
      // As wide as its label, which says why it is off.
      sx={{ width: 360 }}
    />
  );
}

/** The answer: its sentences, then the table of its groups. */
function SimulationAnswer({ simulation, day }: { simulation: LifecycleSimulation; day: string }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const date = (iso?: string) => formatDate(iso, locale);
  const columns = ['profile', 'situation', 'count', 'deactivateOn', 'deleteOn'] as const;
  return (
    <Box data-testid="simulation" sx={{ mt: 3 }}>
      {simulationSentences(simulation).map((sentence, index) => (
        <Typography key={index} sx={{ mb: 1 }}>
          {translate(`sesame.lifecycle.simulator.sentences.${sentence.key}`, {
            smart_count: sentence.count,
            leftAt: date(parisNoon(day)),
            deactivateOn: date(sentence.deactivateOn),
            deleteOn: date(sentence.deleteOn),
          })}
        </Typography>
      ))}
      {simulation.groups.length > 0 && (
        <Box sx={{ overflowX: 'auto', mt: 2 }}>
          <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
            <Box component="caption">{translate('sesame.lifecycle.simulator.caption')}</Box>
            <TableHead>
              <TableRow>
                {columns.map((column) => (
                  <TableCell key={column} component="th" scope="col" align={column === 'count' ? 'right' : 'left'}>
                    {translate(`sesame.lifecycle.simulator.columns.${column}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {simulation.groups.map((group, index) => (
                <TableRow key={index} data-profile={group.profile}>
                  <TableCell component="th" scope="row">
                    {translate(`sesame.profiles.${group.profile}`)}
                  </TableCell>
                  <TableCell>{translate(`sesame.lifecycle.simulator.situations.${situationOf(group)}`)}</TableCell>
                  <TableCell align="right">{group.count.toLocaleString(locale)}</TableCell>
                  <TableCell>{date(group.deactivateOn)}</TableCell>
                  <TableCell>{date(group.deleteOn)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

/**
 * « Simulateur »: for a selection (a school or, for the manager, the whole académie; profiles;
 * classes) and a departure day, when its accounts would be deactivated and deleted. Nothing is
 * changed: POST /lifecycle/simulate only counts.
 */
export function SimulatorCard({ academy }: { academy: boolean }) {
  const translate = useTranslate();
  const { schools } = useSchoolChoices();
  const [answer, setAnswer] = useState<{ simulation: LifecycleSimulation; day: string }>();
  const { submit, error } = useSubmit(async (values: SimulatorValues) => {
    const day = values.leftAt || parisDay();
    setAnswer({ simulation: await lifecycleApi.simulate(simulationRequest(values)), day });
  }, ['leftAt']);
  const defaultSchool = !academy && schools.length === 1 ? schools[0].id : null;
  return (
    <Card component="section" aria-labelledby="lifecycle-simulator-title" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="lifecycle-simulator-title" component="h2" variant="h5" gutterBottom>
          {translate('sesame.lifecycle.simulator.heading')}
        </Typography>
        <Typography sx={{ mb: 1 }}>{translate('sesame.lifecycle.simulator.intro')}</Typography>
        <Typography sx={{ mb: 2 }} color="text.secondary">
          {translate('sesame.lifecycle.simulator.help')}
        </Typography>
        {error}
        {/* Keyed by the default school: the schools arrive after the form is first drawn. */}
        <Form key={defaultSchool ?? ''} record={{}} defaultValues={{ schoolId: defaultSchool, profiles: [], classIds: [], leftAt: parisDay(), withInactive: false }} onSubmit={submit} noValidate disableInvalidFormNotification>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <SelectInput
              source="schoolId"
              label={translate('sesame.lifecycle.simulator.school')}
              choices={schools.map((school) => ({ id: school.id, name: schoolLabel(school) }))}
              emptyText={translate(academy ? 'sesame.lifecycle.simulator.allAcademy' : 'sesame.lifecycle.simulator.allMySchools')}
              fullWidth={false}
              sx={{ minWidth: 320 }}
            />
            <AutocompleteArrayInput
              source="profiles"
              label={translate('sesame.lifecycle.simulator.profiles')}
              helperText={translate('sesame.lifecycle.simulator.profilesHelp')}
              choices={PROFILES.map((profile) => ({ id: profile, name: translate(`sesame.profiles.${profile}`) }))}
              sx={{ width: 300 }}
            />
            <ClassesInput />
            <DayInput source="leftAt" label={translate('sesame.lifecycle.simulator.leftAt')} helperText={translate('sesame.lifecycle.simulator.leftAtHelp')} fullWidth={false} />
          </Stack>
          <BooleanInput source="withInactive" label={translate('sesame.lifecycle.simulator.withInactive')} helperText={false} />
          <Button type="submit" variant="contained" sx={{ mt: 1 }}>
            {translate('sesame.lifecycle.simulator.run')}
          </Button>
        </Form>
        {answer && <SimulationAnswer simulation={answer.simulation} day={answer.day} />}
      </CardContent>
    </Card>
  );
}
