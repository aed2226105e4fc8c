import { browser } from 'wxt/browser';
import { acceptMessage, onMessage, type MessageType, type ProtocolMap, type RequestOf } from '@/lib/messages';
import { priorProfile } from '@/lib/model/prior';

/** Registers a handler that only ever sees validated payloads from this extension. */
function handle<K extends MessageType>(type: K, handler: (request: RequestOf<K>) => ReturnType<ProtocolMap[K]>): () => void {
  return onMessage(type, ({ data, sender }) => handler(acceptMessage(type, data, sender, browser.runtime.id)));
}

/** Registers every handler; returns a function that removes them again. */
export function setUpMessageHandlers(): () => void {
  const removers = [handle('predictProfile', ({ plan, units }) => priorProfile(plan, units))];
  return () => removers.forEach((remove) => remove());
}
