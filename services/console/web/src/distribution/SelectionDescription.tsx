import { Box, Typography } from '@mui/material';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import { formatDate } from '../accounts/AccountList';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import type { CampaignView } from './campaigns-api';

/** Beyond this many schools, classes chosen without a school are counted rather than named. */
const NAMED_SCHOOLS = 10;

/**
 * The filters a campaign froze, in words (SPEC §6: campaigns keep their filters): schools and
 * classes by name, choices with the labels of the accounts list's filters.
 */
export function SelectionDescription({ campaign }: { campaign: Pick<CampaignView, 'filter' | 'sort'> }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { filter } = campaign;
  const { schools } = useSchoolChoices();
  // Classes are named from their school's list: the school chosen, else the user's own (a few at most).
  const schoolIds = filter.schoolId ? [filter.schoolId] : schools.length <= NAMED_SCHOOLS ? schools.map((school) => school.id) : [];
  const { data: classes = [] } = useGetList(
    'classes',
    { filter: { schoolIds }, pagination: { page: 1, perPage: 10_000 } },
    { enabled: schoolIds.length > 0 && !!filter.classIds?.length },
  );
  const lines: Array<[string, string]> = [];
  const label = (key: string) => translate(`sesame.filters.${key}`);
  const list = (values: readonly string[], prefix: string) => values.map((value) => translate(`${prefix}.${value}`)).join(', ');

  if (filter.schoolId) {
    const school = schools.find((s) => s.id === filter.schoolId);
    lines.push([label('school'), school ? schoolLabel(school) : translate('sesame.campaigns.selection.unknownSchool')]);
  }
  if (filter.profiles?.length) lines.push([label('profiles'), list(filter.profiles, 'sesame.profiles')]);
  if (filter.roles?.length) lines.push([translate('sesame.fields.role'), list(filter.roles, 'sesame.roles')]);
  if (filter.classIds?.length) {
    const names = filter.classIds.map((id) => classes.find((c) => c.id === id)?.name).filter(Boolean);
    lines.push([label('classes'), names.length === filter.classIds.length ? names.join(', ') : translate('sesame.campaigns.selection.classes', { smart_count: filter.classIds.length })]);
  }
  if (filter.activation) lines.push([label('activation'), translate(`sesame.filters.activationChoices.${filter.activation}`)]);
  if (filter.email) lines.push([label('email'), translate(`sesame.filters.emailChoices.${filter.email}`)]);
  if (filter.adminsOnly) lines.push([label('adminsOnly'), translate('sesame.campaigns.selection.yes')]);
  if (filter.createdFrom) lines.push([label('createdFrom'), formatDate(filter.createdFrom, locale)]);
  if (filter.createdTo) lines.push([label('createdTo'), formatDate(filter.createdTo, locale)]);
  if (filter.preDeleted && filter.preDeleted !== 'exclude') lines.push([label('preDeleted'), translate(`sesame.filters.inclusion.${filter.preDeleted}`)]);
  if (filter.deactivated && filter.deactivated !== 'exclude') lines.push([label('deactivated'), translate(`sesame.filters.inclusion.${filter.deactivated}`)]);
  if (filter.neverDistributed) lines.push([label('neverDistributed'), translate('sesame.campaigns.selection.yes')]);
  if (filter.arrivedSinceRentree) lines.push([label('arrivedSinceRentree'), translate('sesame.campaigns.selection.yes')]);
  if (filter.ids?.length) lines.push([translate('sesame.campaigns.selection.chosen'), translate('sesame.campaigns.selection.chosenCount', { smart_count: filter.ids.length })]);
  if (filter.importId) lines.push([translate('sesame.exports.campaignImport'), translate('sesame.exports.campaignImportValue')]);
  if (filter.q) lines.push([translate('sesame.campaigns.selection.text'), translate('sesame.campaigns.selection.quoted', { text: filter.q })]);
  lines.push([translate('sesame.campaigns.selection.order'), translate(`sesame.campaigns.selection.orders.${campaign.sort}`)]);

  return (
    <Box component="section" aria-labelledby="campaign-selection">
      <Typography id="campaign-selection" component="h2" variant="h6" gutterBottom>
        {translate('sesame.campaigns.selection.title')}
      </Typography>
      {lines.length === 1 && <Typography sx={{ mb: 1 }}>{translate('sesame.campaigns.selection.everybody')}</Typography>}
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
        {lines.map(([term, value]) => (
          <Box key={term} sx={{ display: 'contents' }}>
            <Typography component="dt" sx={{ fontWeight: 600 }}>
              {term}
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
