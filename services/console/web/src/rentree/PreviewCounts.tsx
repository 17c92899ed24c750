import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { RentreePreview } from './rentree-api';
import { yearLabel } from './school-year';

const SENTENCES = ['classesArchived', 'pupilsKept', 'pupilsWithoutClass', 'newcomers', 'classesCreated'] as const;
const COLUMNS = ['classesArchived', 'pupilsKept', 'pupilsWithoutClass', 'newcomers'] as const;

/** The preview's counts: in total as sentences (zero said in words), then school by school when there are several. */
export function PreviewCounts({ preview }: { preview: RentreePreview }) {
  const translate = useTranslate();
  const sentence = (key: (typeof SENTENCES)[number]) =>
    preview.total[key] === 0 ? translate(`sesame.rentree.wizard.none.${key}`) : translate(`sesame.rentree.wizard.counts.${key}`, { smart_count: preview.total[key] });
  return (
    <Box component="section" aria-labelledby="rentree-preview">
      <Typography id="rentree-preview" sx={{ mb: 1 }}>
        {translate('sesame.rentree.wizard.previewIntro', { year: yearLabel(preview.schoolYear) })}
      </Typography>
      <Box component="ul" sx={{ mt: 0 }}>
        {SENTENCES.filter((key) => key !== 'classesCreated' || preview.total.classesCreated > 0).map((key) => (
          <li key={key} data-count={key}>
            {sentence(key)}
          </li>
        ))}
      </Box>
      {preview.schools.length > 1 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
            <Box component="caption">{translate('sesame.rentree.wizard.caption')}</Box>
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  {translate('sesame.rentree.wizard.columns.school')}
                </TableCell>
                {COLUMNS.map((key) => (
                  <TableCell key={key} component="th" scope="col" align="right">
                    {translate(`sesame.rentree.wizard.columns.${key}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.schools.map((school) => (
                <TableRow key={school.schoolId}>
                  <TableCell component="th" scope="row">
                    {school.name} ({school.uai})
                  </TableCell>
                  {COLUMNS.map((key) => (
                    <TableCell key={key} align="right">
                      {school[key]}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
