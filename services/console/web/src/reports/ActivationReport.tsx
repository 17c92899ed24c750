import { Box, Card, CardContent, Link, MenuItem, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Loading, Link as RouterLink, Title, useGetOne, useLocaleState, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';

interface Counts {
  activated: number;
  notActivated: number;
}
/** A row of a table, with the accounts list's filter of its accounts not activated (to print their letters again). */
type Row = Counts & { label: string; notActivatedFilter?: Record<string, unknown> };
interface SchoolReport extends Counts {
  id: string;
  uai: string;
  name: string;
  byProfile: Array<Counts & { profile: string }>;
  byClass: Array<Counts & { classId: string; name: string }>;
}

const percent = (counts: Counts, locale: string) => {
  const total = counts.activated + counts.notActivated;
  return total === 0 ? '—' : (counts.activated / total).toLocaleString(locale, { style: 'percent', maximumFractionDigits: 0 });
};

/** The accounts list showing exactly these accounts, from which the distribution buttons print. */
export const accountsListPath = (filter: Record<string, unknown>) => `/users?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** A table (what screen readers read) and the same figures as a stacked bar chart. */
function CountsTable({ caption, rows, locale }: { caption: string; rows: Row[]; locale: string }) {
  const translate = useTranslate();
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <Box sx={{ overflowX: 'auto', mb: 2 }}>
      <Box component="table" sx={{ borderCollapse: 'collapse', minWidth: 420, '& th, & td': { borderBottom: '1px solid #ddd', p: 1, textAlign: 'right' }, '& th:first-of-type, & td:first-of-type': { textAlign: 'left' } }}>
        <Typography component="caption" sx={{ textAlign: 'left', fontWeight: 600, pb: 1 }}>
          {caption}
        </Typography>
        <thead>
          <tr>
            <th scope="col">{translate('sesame.reports.group')}</th>
            <th scope="col">{translate('sesame.reports.activated')}</th>
            <th scope="col">{translate('sesame.reports.notActivated')}</th>
            <th scope="col">{translate('sesame.reports.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{number(row.activated)}</td>
              <td>
                {row.notActivatedFilter && row.notActivated > 0 ? (
                  <Link
                    component={RouterLink}
                    to={accountsListPath(row.notActivatedFilter)}
                    aria-label={translate('sesame.reports.showNotActivated', { smart_count: row.notActivated, count: number(row.notActivated), group: row.label })}
                  >
                    {number(row.notActivated)}
                  </Link>
                ) : (
                  number(row.notActivated)
                )}
              </td>
              <td>{percent(row, locale)}</td>
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  );
}

/**
 * The legend in the interface's language: recharts' own names each icon "… legend icon", in English
 * whatever the language. The icons are only colour; the names are the series'.
 */
function ChartLegend({ payload }: { payload?: ReadonlyArray<{ value?: unknown; color?: string }> }) {
  return (
    <Box component="ul" sx={{ display: 'flex', justifyContent: 'center', gap: 2, listStyle: 'none', m: 0, p: 0 }}>
      {payload?.map((entry) => (
        <Box component="li" key={String(entry.value)} sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
          <Box aria-hidden sx={{ width: 12, height: 12, bgcolor: entry.color }} />
          {String(entry.value)}
        </Box>
      ))}
    </Box>
  );
}

/**
 * The same figures as the table, drawn: an image named in the interface's language. recharts'
 * keyboard layer is off (it makes the drawing a focusable "application" with English labels); the
 * table beside it is what a keyboard or screen-reader user reads.
 */
function Chart({ title, rows, labelWidth = 140 }: { title: string; rows: Row[]; labelWidth?: number }) {
  const translate = useTranslate();
  if (rows.length === 0) return null;
  return (
    <Box role="img" aria-label={title} sx={{ width: '100%', height: Math.max(220, rows.length * 36 + 80) }}>
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={labelWidth} />
          <Tooltip />
          <Legend content={({ payload }) => <ChartLegend payload={payload} />} />
          <Bar dataKey="activated" name={translate('sesame.reports.activated')} stackId="a" fill="#18753c" />
          <Bar dataKey="notActivated" name={translate('sesame.reports.notActivated')} stackId="a" fill="#b34000" />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

function SchoolSection({ school, locale }: { school: SchoolReport; locale: string }) {
  const translate = useTranslate();
  const notActivated = { schoolId: school.id, activation: 'not_activated' };
  const byProfile = school.byProfile.map((row) => ({
    ...row,
    label: translate(`sesame.profiles.${row.profile}`),
    notActivatedFilter: { ...notActivated, profile: [row.profile] },
  }));
  const byClass = school.byClass.map((row) => ({ ...row, label: row.name, notActivatedFilter: { ...notActivated, classId: [row.classId] } }));
  return (
    <Card component="section" aria-labelledby={`report-${school.id}`} sx={{ mt: 2 }}>
      <CardContent>
        <Typography id={`report-${school.id}`} component="h2" variant="h5" gutterBottom>
          {schoolLabel(school)}
        </Typography>
        <Typography sx={{ mb: 2 }}>
          {translate('sesame.reports.summary', {
            activated: school.activated.toLocaleString(locale),
            total: (school.activated + school.notActivated).toLocaleString(locale),
            rate: percent(school, locale),
          })}
        </Typography>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
          <div>
            <CountsTable caption={translate('sesame.reports.byProfile')} rows={byProfile} locale={locale} />
            <Chart title={translate('sesame.reports.chartByProfile', { school: school.name })} rows={byProfile} />
          </div>
          <div>
            <CountsTable caption={translate('sesame.reports.byClass')} rows={byClass} locale={locale} />
            <Chart title={translate('sesame.reports.chartByClass', { school: school.name })} rows={byClass} />
          </div>
        </Box>
      </CardContent>
    </Card>
  );
}

/** Up to this many schools, each is shown in detail; beyond, one line each and a detail on demand. */
const DETAILED_SCHOOLS = 3;
/** A chart of more bars than this would be unreadable: the table says it all. */
const CHARTED_SCHOOLS = 30;

/** Every school on one line (the manager's académie), with the way to its detail. */
function Overview({ schools, locale, onChoose }: { schools: SchoolReport[]; locale: string; onChoose: (id: string) => void }) {
  const translate = useTranslate();
  const rows = schools.map((school) => ({ ...school, label: schoolLabel(school), notActivatedFilter: { schoolId: school.id, activation: 'not_activated' } }));
  return (
    <Card component="section" aria-labelledby="report-overview" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="report-overview" component="h2" variant="h5" gutterBottom>
          {translate('sesame.reports.overview')}
        </Typography>
        <CountsTable caption={translate('sesame.reports.bySchool')} rows={rows} locale={locale} />
        {rows.length <= CHARTED_SCHOOLS && <Chart title={translate('sesame.reports.chartBySchool')} rows={rows} labelWidth={260} />}
        <Typography sx={{ mt: 2 }}>{translate('sesame.reports.chooseSchool')}</Typography>
        <Box component="ul" sx={{ columns: { xs: 1, md: 2 }, pl: 3 }}>
          {schools.map((school) => (
            <li key={school.id}>
              <Link component="button" type="button" onClick={() => onChoose(school.id)}>
                {schoolLabel(school)}
              </Link>
            </li>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}

/** Activation by school, profile and class (GET /reports/activation), for the manager and administrators. */
export function ActivationReport() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const numberLocale = locale === 'en' ? 'en-GB' : 'fr-FR';
  const { schools } = useSchoolChoices();
  const [schoolId, setSchoolId] = useState('all');
  const { data, isPending, error } = useGetOne<{ id: string; schools: SchoolReport[] }>('activationReports', { id: schoolId });
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('sesame.sections.reports')} />
      <Typography sx={{ mb: 2 }}>{translate('sesame.reports.intro')}</Typography>
      <TextField select label={translate('sesame.filters.school')} value={schoolId} onChange={(event) => setSchoolId(event.target.value)} sx={{ minWidth: 280 }}>
        <MenuItem value="all">{translate('sesame.filters.allSchools')}</MenuItem>
        {schools.map((school) => (
          <MenuItem key={school.id} value={school.id}>
            {schoolLabel(school)}
          </MenuItem>
        ))}
      </TextField>
      {isPending && <Loading />}
      {error && <Typography role="alert">{translate((error as Error).message, { _: (error as Error).message })}</Typography>}
      {data && data.schools.length === 0 && <Typography sx={{ mt: 2 }}>{translate('sesame.reports.none')}</Typography>}
      {data && data.schools.length > DETAILED_SCHOOLS ? (
        <Overview schools={data.schools} locale={numberLocale} onChoose={setSchoolId} />
      ) : (
        data?.schools.map((school) => <SchoolSection key={school.id} school={school} locale={numberLocale} />)
      )}
    </Box>
  );
}
