// @vitest-environment happy-dom
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { usePersistentStorage } from '@/entrypoints/options/StorageSection';

describe('usePersistentStorage', () => {
  it.each([
    ['already persisted: nothing asked', true, false, 'persisted', 0],
    ['granted when asked', false, true, 'persisted', 1],
    ['refused: the page says what that means', false, false, 'refused', 1],
  ])('%s', async (_label, persisted, grants, state, asks) => {
    const storage = { persisted: vi.fn(async () => persisted), persist: vi.fn(async () => grants) };
    const { result } = renderHook(() => usePersistentStorage(storage));
    await waitFor(() => expect(result.current).toBe(state));
    expect(storage.persist).toHaveBeenCalledTimes(asks);
  });

  it('a browser without the storage manager is said to be one', async () => {
    const { result } = renderHook(() => usePersistentStorage(undefined));
    await waitFor(() => expect(result.current).toBe('unsupported'));
  });
});
