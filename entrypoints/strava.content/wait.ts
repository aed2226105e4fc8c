/**
 * Resolves true as soon as `ready()` holds, false after `timeoutMs` or when `signal` aborts.
 * Strava renders parts of its pages late (React islands, client-side navigation), so page
 * features wait for what they need instead of reading a half-built page.
 */
export function waitUntil(ready: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (result: boolean) => {
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => finish(false);
    const observer = new MutationObserver(() => {
      if (ready()) finish(true);
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => finish(ready()), timeoutMs);
    signal.addEventListener('abort', onAbort);
  });
}
