import { Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A titled card holding a table with its caption (what a screen reader announces): an import's report, a feed's diff. */
export function TableCard({ id, title, intro, caption, head, children }: { id: string; title: string; intro?: ReactNode; caption: string; head: string[]; children: ReactNode }) {
  return (
    <Card component="section" aria-labelledby={id} sx={{ mt: 2 }}>
      <CardContent>
        <Typography id={id} component="h2" variant="h6" gutterBottom>
          {title}
        </Typography>
        {intro}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
            <Box component="caption">{caption}</Box>
            <TableHead>
              <TableRow>
                {head.map((label) => (
                  <TableCell key={label} scope="col" component="th">
                    {label}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>{children}</TableBody>
          </Table>
        </Box>
      </CardContent>
    </Card>
  );
}
