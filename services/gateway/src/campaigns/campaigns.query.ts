import { RecipientStatusSchema } from '@sesame/contracts';
import { z } from 'zod';

const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

/** `GET /campaigns?page=&pageSize=` */
export const CampaignListQuerySchema = z.object(paging).strict();

/** `GET /campaigns/:id/recipients?status=&page=&pageSize=` */
export const RecipientQuerySchema = z.object({ status: RecipientStatusSchema.optional(), ...paging }).strict();
