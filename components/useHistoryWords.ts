import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useStored } from './useStored';
import { historyInWords, type HistoryWords, type SyncStatus } from '@/lib/sync-status';
import { openDb } from '@/storage/db';
import { syncStatus } from '@/storage/settings';

/** Whether the browser is online, kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => globalThis.navigator?.onLine ?? true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The runs stored in this browser, counted live (an import shows at once). */
export function useRunsStored(): number | undefined {
  return useLiveQuery(() => openDb().runs.count(), [], undefined);
}

/** The history and its sync in the words every screen uses (lib/sync-status historyInWords). */
export function useHistoryWords(): { status?: SyncStatus; runsStored?: number; words?: HistoryWords } {
  const status = useStored(syncStatus);
  const runsStored = useRunsStored();
  const online = useOnline();
  if (!status) return { runsStored };
  return { status, runsStored, words: historyInWords(status, runsStored, { online, now: Date.now() }) };
}
