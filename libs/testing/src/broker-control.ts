import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { testServices } from './services';

const run = promisify(execFile);

/**
 * Stops and starts the RabbitMQ broker the tests use, for the tests that prove nothing is lost
 * across a restart. Only the "disruptive" jest project uses it, alone, after the others.
 * Commands come from SESAME_TEST_BROKER_STOP / _START, else rabbitmqctl on this machine.
 */
export const brokerControl = {
  async stop(): Promise<void> {
    await shell(process.env.SESAME_TEST_BROKER_STOP ?? 'rabbitmqctl stop_app');
  },
  async start(): Promise<void> {
    await shell(process.env.SESAME_TEST_BROKER_START ?? 'rabbitmqctl start_app');
    await waitForBroker(60_000);
  },
};

async function shell(command: string): Promise<void> {
  await run('sh', ['-c', command], { timeout: 120_000 });
}

export async function waitForBroker(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await connect(testServices().amqpUrl);
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
