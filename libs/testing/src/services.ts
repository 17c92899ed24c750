/**
 * Where the test services are. The jest global setup fills these variables (from the environment,
 * else the localhost services, else containers); a test only reads them.
 */
export interface TestServices {
  postgresUrl: string;
  amqpUrl: string;
  redisUrl: string;
}

export const TEST_SERVICE_VARIABLES = {
  postgresUrl: 'SESAME_TEST_POSTGRES_URL',
  amqpUrl: 'SESAME_TEST_AMQP_URL',
  redisUrl: 'SESAME_TEST_REDIS_URL',
} as const;

export function testServices(): TestServices {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through jest (its global setup finds the services)`);
    return value;
  };
  return {
    postgresUrl: read(TEST_SERVICE_VARIABLES.postgresUrl),
    amqpUrl: read(TEST_SERVICE_VARIABLES.amqpUrl),
    redisUrl: read(TEST_SERVICE_VARIABLES.redisUrl),
  };
}
