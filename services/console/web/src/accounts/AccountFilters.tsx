import {
  AutocompleteArrayInput,
  BooleanInput,
  SelectInput,
  TextInput,
  useGetList,
  useListContext,
  useTranslate,
} from 'react-admin';
import { DayInput } from '../common/DayInput';
import { PROFILES } from './labels';

/** The schools of the signed-in user, for choices (GET /schools gives all of them at once). */
export function useSchoolChoices() {
  const { data = [], isPending } = useGetList('schools', { pagination: { page: 1, perPage: 10_000 }, sort: { field: 'name', order: 'ASC' } });
  return { schools: data as Array<{ id: string; uai: string; name: string }>, isPending };
}

export const schoolLabel = (school: { uai: string; name: string }) => `${school.name} (${school.uai})`;

function SchoolFilter(props: { source: string; alwaysOn?: boolean }) {
  const translate = useTranslate();
  const { schools } = useSchoolChoices();
  return (
    <SelectInput
      {...props}
      label={translate('sesame.filters.school')}
      choices={schools.map((school) => ({ id: school.id, name: schoolLabel(school) }))}
      emptyText={translate('sesame.filters.allSchools')}
      sx={{ minWidth: 220 }}
    />
  );
}

/**
 * Classes of the chosen school, in alphabetical order (SPEC §4); a user with one school sees its
 * classes straight away.
 */
function ClassFilter(props: { source: string; alwaysOn?: boolean }) {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { schools } = useSchoolChoices();
  const schoolId: string | undefined = filterValues.schoolId || (schools.length === 1 ? schools[0].id : undefined);
  const { data = [] } = useGetList('classes', { filter: { schoolId }, pagination: { page: 1, perPage: 10_000 } }, { enabled: !!schoolId });
  return (
    <AutocompleteArrayInput
      {...props}
      // The filter form shows no helper text: the label says why the field is off, and is as wide as it.
      label={translate(schoolId ? 'sesame.filters.classes' : 'sesame.filters.classesChooseSchool')}
      choices={schoolId ? data.map((c) => ({ id: c.id, name: c.name })) : []}
      disabled={!schoolId}
      sx={{ minWidth: schoolId ? 220 : 380 }}
    />
  );
}

/** The filters of SPEC §4; each is the API's query parameter of the same name. */
export function accountFilters(translate: (key: string, options?: object) => string) {
  const choices = (prefix: string, values: readonly string[]) => values.map((value) => ({ id: value, name: translate(`${prefix}.${value}`) }));
  return [
    // Wide enough for its whole label: what one may search by is the point of it.
    <TextInput key="q" source="q" label={translate('sesame.filters.q')} alwaysOn resettable sx={{ minWidth: 360 }} />,
    <SchoolFilter key="schoolId" source="schoolId" alwaysOn />,
    // Chips one can remove one by one (a select's chips have no cross).
    <AutocompleteArrayInput key="profile" source="profile" label={translate('sesame.filters.profiles')} choices={choices('sesame.profiles', PROFILES)} alwaysOn sx={{ minWidth: 200 }} />,
    <ClassFilter key="classId" source="classId" alwaysOn />,
    <SelectInput
      key="activation"
      source="activation"
      label={translate('sesame.filters.activation')}
      choices={choices('sesame.filters.activationChoices', ['activated', 'not_activated'])}
      emptyText={translate('sesame.filters.activationChoices.all')}
      alwaysOn
    />,
    <SelectInput
      key="email"
      source="email"
      label={translate('sesame.filters.email')}
      choices={choices('sesame.filters.emailChoices', ['with', 'without'])}
      emptyText={translate('sesame.filters.emailChoices.all')}
      alwaysOn
    />,
    <BooleanInput key="adminsOnly" source="adminsOnly" label={translate('sesame.filters.adminsOnly')} />,
    <DayInput key="createdFrom" source="createdFrom" label={translate('sesame.filters.createdFrom')} />,
    <DayInput key="createdTo" source="createdTo" label={translate('sesame.filters.createdTo')} />,
    <SelectInput
      key="preDeleted"
      source="preDeleted"
      label={translate('sesame.filters.preDeleted')}
      choices={choices('sesame.filters.inclusion', ['only', 'include'])}
      emptyText={translate('sesame.filters.inclusion.exclude')}
    />,
    <SelectInput
      key="deactivated"
      source="deactivated"
      label={translate('sesame.filters.deactivated')}
      choices={choices('sesame.filters.inclusion', ['only', 'include'])}
      emptyText={translate('sesame.filters.inclusion.exclude')}
    />,
    <BooleanInput key="neverDistributed" source="neverDistributed" label={translate('sesame.filters.neverDistributed')} />,
    <BooleanInput key="arrivedSinceRentree" source="arrivedSinceRentree" label={translate('sesame.filters.arrivedSinceRentree')} />,
  ];
}
