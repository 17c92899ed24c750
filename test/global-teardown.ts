/** Stops the containers the global setup started, if any. */
export default async function globalTeardown(): Promise<void> {
  const stoppers = ((globalThis as Record<string, unknown>).__sesameContainers ?? []) as Array<() => Promise<unknown>>;
  await Promise.all(stoppers.map((stop) => stop()));
}
