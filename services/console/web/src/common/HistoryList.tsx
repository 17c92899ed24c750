import { Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { DataTable, List, Pagination } from 'react-admin';

/**
 * The history of a page (imports, campaigns): newest first as the API gives it, 25 a page, not kept
 * in the address, and fetched again every 2 s while one of its items is still under way.
 * `children` are the DataTable's columns.
 */
export function HistoryList<T>({
  resource,
  title,
  heading,
  none,
  isActive,
  children,
}: {
  resource: string;
  title: string;
  heading: string;
  none: string;
  isActive: (item: T) => boolean;
  children: ReactNode;
}) {
  return (
    <List
      resource={resource}
      title={title}
      actions={false}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
      empty={false}
      disableSyncWithLocation
      storeKey={false}
      queryOptions={{ refetchInterval: (query) => ((query.state.data as { data?: T[] } | undefined)?.data?.some(isActive) ? 2000 : false) }}
      sx={{ '& .RaList-main': { minWidth: 0 } }}
    >
      <Typography component="h2" variant="h6" sx={{ px: 2, pt: 2 }}>
        {heading}
      </Typography>
      <DataTable rowClick={false} bulkActionButtons={false} sx={{ overflowX: 'auto' }} empty={<Typography sx={{ p: 2 }}>{none}</Typography>}>
        {children}
      </DataTable>
    </List>
  );
}
