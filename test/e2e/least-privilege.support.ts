import type { BrokerUser, SesameService } from '@sesame/contracts';
import type { LeastPrivilegeUsers } from '@sesame/testing';
import { ConfirmChannel, connect } from 'amqplib';
import Redis from 'ioredis';

/**
 * Runs `operation` on a fresh connection of a broker user; resolves with 'ok' or with what the
 * broker answered (a refusal closes the channel: its reason comes in the channel's error event).
 */
export async function asBrokerUser(users: LeastPrivilegeUsers, user: BrokerUser, operation: (channel: ConfirmChannel) => Promise<unknown>): Promise<string> {
  const connection = await connect(users.amqpUrl(user));
  connection.on('error', () => undefined);
  let closedWith: string | undefined;
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => (closedWith = error.message));
    try {
      await operation(channel);
      await channel.waitForConfirms();
      return 'ok';
    } catch (error) {
      // Let the channel's error event (which names the refusal) arrive.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return closedWith ?? (error as Error).message;
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A broker refusal for lack of permission, as RabbitMQ words it. */
export const ACCESS_REFUSED = /ACCESS_REFUSED|403/;

/** A command sent as a service's Redis user: its answer, or the error Redis gave. */
export async function asRedisUser(users: LeastPrivilegeUsers, service: SesameService, command: string[]): Promise<string> {
  const redis = new Redis(users.redisUrl(service), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const [name, ...args] = command;
    return JSON.stringify(await redis.call(name, ...args));
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

/**
 * Whether a service's Redis user could run a command, asked without running it (ACL DRYRUN, as the
 * default user): for the commands that would harm the shared server if the rules let them through.
 */
export async function dryRun(adminUrl: string, user: string, command: string[]): Promise<string> {
  const redis = new Redis(adminUrl, { lazyConnect: true });
  try {
    await redis.connect();
    return String(await redis.call('ACL', 'DRYRUN', user, ...command));
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}
