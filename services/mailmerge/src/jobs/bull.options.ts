import { redisTls } from '@sesame/config';
import { bullPrefix } from '@sesame/contracts';
import { redisOptionsFromUrl } from '@sesame/redis';
import type { MailmergeConfig } from '../config/mailmerge.config';

/** Where mailmerge's BullMQ queues live: the same Redis and key prefix for queues and workers. */
export function bullConnection(config: MailmergeConfig) {
  return { connection: redisOptionsFromUrl(config.REDIS_URL, redisTls(config)), prefix: bullPrefix(config.REDIS_PREFIX) };
}
