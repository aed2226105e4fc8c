import type { Units } from '@/lib/units';
import { unitsSetting } from '@/storage/settings';
import { useStored } from './useStored';

/** The runner's units, kept current when they change them in the options page. */
export function useUnits(): Units | undefined {
  return useStored(unitsSetting);
}
