import type { TranslationMessages } from 'react-admin';
import { mergeMessages } from './ra-fr';

/** react-admin's English messages that a user reads, as complete sentences (same keys as ra-fr.ts). */
const OVERRIDES = {
  action: { edit: 'Edit', show: 'Show', clear_input_value: 'Clear the field', remove_filter: 'Remove this filter' },
  auth: {
    auth_check_error: 'Sign in to continue.',
    user_menu: 'My account',
    username: 'Username',
    email: 'Email address',
    sign_in: 'Sign in',
    sign_in_error: 'Signing in failed; please try again.',
    logout: 'Sign out',
  },
  page: {
    dashboard: 'Home',
    error: 'Something went wrong.',
    not_found: 'Page not found',
    empty: 'There is nothing here yet.',
    invite: 'Do you want to add one?',
    access_denied: 'Access denied',
    authentication_error: 'Authentication error',
    loading: 'Loading',
  },
  message: {
    access_denied: 'You are not allowed to open this page.',
    authentication_error: 'The authentication server returned an error; your rights could not be checked.',
    auth_error: 'An error occurred while checking your session.',
    error: 'An error occurred in the browser; your request could not be completed.',
    invalid_form: 'The form contains errors; correct the fields shown.',
    loading: 'The page is loading; please wait.',
    not_found: 'This address matches no page; check the link you followed.',
    unsaved_changes: 'Some changes have not been saved. Do you really want to leave this page?',
    placeholder_data_warning: 'Network problem: the data could not be refreshed.',
    are_you_sure: 'Are you sure you want to continue?',
  },
  navigation: {
    no_results: 'No results.',
    no_filtered_results: 'No results match the current filters.',
    no_more_results: 'Page %{page} does not exist; go back to the previous page.',
    page_out_of_boundaries: 'Page %{page} does not exist.',
    page_out_from_end: 'You are on the last page.',
    page_out_from_begin: 'You are on the first page.',
  },
  sort: { sort_by: 'Sort by %{field_lower_first}' },
  notification: {
    updated: 'The change has been saved. |||| The %{smart_count} changes have been saved.',
    created: 'The item has been created.',
    deleted: 'The item has been deleted. |||| The %{smart_count} items have been deleted.',
    bad_item: 'This item is incorrect.',
    item_doesnt_exist: 'This item does not exist.',
    http_error: 'The server could not be reached; try again in a moment.',
    data_provider_error: 'An error occurred while talking to the server.',
    i18n_error: 'The texts of the chosen language could not be loaded.',
    canceled: 'The action was cancelled.',
    logged_out: 'Your session has ended; please sign in again.',
    not_authorized: 'You are not allowed to open this page.',
    offline: 'You are offline; the data cannot be loaded.',
  },
  validation: { required: 'This field is required.' },
};

export function raEn(base: TranslationMessages['ra']): TranslationMessages['ra'] {
  return mergeMessages(base, OVERRIDES);
}
