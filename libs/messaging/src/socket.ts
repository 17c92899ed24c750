/** CA bundle and client certificate (with its key) of an amqps:// connection. */
export interface AmqpTls {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Small request/reply frames must leave at once: with Nagle's algorithm on, each one waits for the
 * peer's delayed ACK (40 ms on Linux), which made every call take ~50 ms.
 */
export const LOW_LATENCY_SOCKET = { noDelay: true };

/**
 * amqplib's socket options for every connection of a process (Broker, RPC clients and servers):
 * amqplib hands them to node:tls for an amqps:// URL (and checks the server's name against its
 * certificate), to node:net otherwise.
 */
export function socketOptions(tls?: AmqpTls): Record<string, unknown> {
  return { ...LOW_LATENCY_SOCKET, ...(tls ?? {}) };
}
