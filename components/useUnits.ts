import { useEffect, useState } from 'react';
import type { Units } from '@/lib/units';
import { unitsSetting } from '@/utils/settings';

/** The runner's units, kept current when they change them in the options page. */
export function useUnits(): Units | undefined {
  const [units, setUnits] = useState<Units>();
  useEffect(() => {
    let live = true;
    void unitsSetting.getValue().then((value) => live && setUnits(value));
    const unwatch = unitsSetting.watch((value) => setUnits(value));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return units;
}
