import { useEffect, useState } from 'react';

export type Persistence = 'unknown' | 'persisted' | 'refused' | 'unsupported';

/**
 * Asks the browser to keep RunSound's data when the disk runs low: a history that took days to
 * sync must not be evicted. Refused, the page says what that means (the browser may clear it under
 * pressure) and what to do (import the Strava export again; keep some space free).
 */
export function usePersistentStorage(storage: Pick<StorageManager, 'persisted' | 'persist'> | undefined = globalThis.navigator?.storage) {
  const [state, setState] = useState<Persistence>('unknown');
  useEffect(() => {
    if (!storage?.persist || !storage.persisted) {
      setState('unsupported');
      return;
    }
    let live = true;
    void (async () => {
      const already = await storage.persisted();
      const granted = already || (await storage.persist());
      if (live) setState(granted ? 'persisted' : 'refused');
    })().catch(() => live && setState('refused'));
    return () => {
      live = false;
    };
  }, [storage]);
  return state;
}

/** What the browser promised about keeping RunSound's data (asked once, by the page). */
export function StorageNote({ state }: { state: Persistence }) {
  if (state === 'unknown' || state === 'persisted') {
    return state === 'persisted' ? (
      <p className="rs-hint" data-testid="storage-persistence" data-state={state}>
        The browser keeps your history for good, even when the disk runs low.
      </p>
    ) : null;
  }
  return (
    <p className="rs-warning" data-testid="storage-persistence" data-state={state}>
      {state === 'refused'
        ? 'The browser did not promise to keep your history: if the disk runs low, it may clear what RunSound stored. Keep some space free; your runs can always be read again from strava.com or your Strava export.'
        : 'This browser cannot promise to keep your history: if the disk runs low, it may clear what RunSound stored.'}
    </p>
  );
}
