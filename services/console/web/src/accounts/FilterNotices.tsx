import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import { useListContext, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { activeFilters } from './selection';

/** Empties every filter, the optional ones shown by « Ajouter un filtre » included. */
function useResetFilters() {
  const { setFilters } = useListContext();
  return () => setFilters({}, {});
}

/** « Réinitialiser les filtres », offered whenever a filter narrows the list. */
export function ResetFiltersButton() {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const reset = useResetFilters();
  if (activeFilters(filterValues).length === 0) return null;
  return (
    <Button size="small" startIcon={<FilterAltOffIcon />} onClick={reset}>
      {translate('sesame.accounts.filters.reset')}
    </Button>
  );
}

/**
 * react-admin keeps the list's filters from one visit to the next: when the list opens with them
 * (from the menu, not from a link that names its filters), it says so, with a way to clear them.
 */
export function RememberedFiltersNotice() {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { search } = useLocation();
  const reset = useResetFilters();
  // Decided on arrival only: the filters the person then sets are theirs, not remembered ones.
  const [shown, setShown] = useState(() => !new URLSearchParams(search).has('filter') && activeFilters(filterValues).length > 0);
  if (!shown) return null;
  return (
    <Alert
      severity="info"
      role="status"
      onClose={() => setShown(false)}
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() => {
            reset();
            setShown(false);
          }}
        >
          {translate('sesame.accounts.filters.reset')}
        </Button>
      }
      sx={{ mx: 2, mt: 1 }}
    >
      {translate('sesame.accounts.filters.remembered')}
    </Alert>
  );
}
