import type { ImportReport, ImportSummary } from '@sesame/contracts/src/importer/imports.schema';
import { api, queryString, saveFile, upload } from '../providers/http';

/** The report as the gateway answers it: each problem also as a sentence in the user's language. */
export interface ImportReportView extends Omit<ImportReport, 'errors' | 'failure'> {
  errors: Array<ImportReport['errors'][number] & { message: string }>;
  failure: (NonNullable<ImportReport['failure']> & { message: string }) | null;
}
export type { ImportSummary };

/** The calls of the import screens (README "Imports"). */
export const importsApi = {
  /** multipart: the file, then the manager's choice of administrator and a default school. */
  upload: (file: File, fields: { administratorId?: string; schoolId?: string }) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
    form.append('file', file, file.name);
    return upload<{ id: string }>('/imports', form);
  },

  list: (page: number, pageSize: number) => api<{ total: number; items: ImportSummary[] }>('GET', `/imports${queryString({ page, pageSize })}`),

  get: (id: string) => api<ImportReportView>('GET', `/imports/${id}`),

  confirm: (id: string) => api<ImportReportView>('POST', `/imports/${id}/confirm`),

  /** The rows of the file with an error column, in the file's own encoding and separator. */
  downloadReport: (id: string) => saveFile(`/imports/${id}/report.csv`, 'text/csv', `import-${id.slice(0, 8)}-rapport.csv`),
};
