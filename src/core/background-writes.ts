// Writes a service makes after it has answered, so that they cost its caller nothing (Lambda's
// invocation logs and metrics). A request from outside to a service that stores such writes
// (ServiceDefinition.readsBackgroundWrites) first waits for those in flight in this process, so a
// caller reads what it caused: logs right after an Invoke (AWS shows them seconds later).
const inFlight = new Set<Promise<void>>();
/** Queues that hold writes back to batch them; a read has them start at once. */
const readListeners = new Set<() => void>();

/** `flush` runs before every read of background writes; the returned function unregisters it. */
export function onBackgroundRead(flush: () => void): () => void {
  readListeners.add(flush);
  return () => readListeners.delete(flush);
}

/** Runs `write` now, without anyone awaiting it; its failure is logged, never thrown. */
export function writeInBackground(what: string, write: () => Promise<void>): void {
  const running: Promise<void> = write()
    .catch((error: unknown) => console.error(`[nubis] ${what} failed:`, error))
    .finally(() => inFlight.delete(running));
  inFlight.add(running);
}

/** Resolves once every background write started before (and during) the call has ended. */
export async function backgroundWritesSettled(): Promise<void> {
  for (const flush of readListeners) flush();
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
