/**
 * The runner's history for the dashboard's pictures: read from the database once each time the
 * background has processed it (historyStatus.lastProcessedAt), not at every write of a sync, and
 * shared by every section that draws it. Its training series uses the runner's load settings,
 * as the background's does.
 */
import { useEffect, useState } from 'react';
import { useStored } from '@/components/useStored';
import { toLocalDateTime } from '@/lib/plan';
import type { Run } from '@/lib/runs';
import { buildTrainingSeries, type TrainingSeries } from '@/lib/training-load';
import { openDb } from '@/storage/db';
import { historyStatus, trainingLoadSetting } from '@/storage/settings';

export interface LoadedHistory {
  runs: Run[];
  series: TrainingSeries;
  /** "YYYY-MM-DD" on this browser's clock, when it was read. */
  today: string;
}

let shared: { key: string; loading: Promise<LoadedHistory> } | undefined;

function load(key: string, settings: Parameters<typeof buildTrainingSeries>[1]): Promise<LoadedHistory> {
  if (shared?.key !== key) {
    shared = {
      key,
      loading: openDb()
        .runs.toArray()
        .then((runs) => ({ runs, series: buildTrainingSeries(runs, settings), today: toLocalDateTime(new Date()).slice(0, 10) })),
    };
    // A read that failed is not kept: the next section or visit reads again.
    const failed = shared;
    failed.loading.catch(() => {
      if (shared === failed) shared = undefined;
    });
  }
  return shared.loading;
}

/** The processed history, or undefined while it loads (or before anything was processed). */
export function useHistory(): LoadedHistory | undefined {
  const status = useStored(historyStatus);
  const settings = useStored(trainingLoadSetting);
  const [history, setHistory] = useState<LoadedHistory>();
  const key = status && settings ? `${status.lastProcessedAt ?? 0}:${status.runs}:${JSON.stringify(settings)}` : undefined;
  useEffect(() => {
    if (!key || !settings) return;
    let live = true;
    void load(key, settings).then((loaded) => live && setHistory(loaded));
    return () => {
      live = false;
    };
  }, [key]);
  return history;
}
