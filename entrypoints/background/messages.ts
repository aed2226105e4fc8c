import { browser } from 'wxt/browser';
import { acceptMessage, onMessage, type MessageType, type ProtocolMap, type RequestOf } from '@/lib/messages';
import { priorProfile } from '@/lib/model/prior';

/** Registers a handler that only ever sees validated payloads from this extension. */
function handle<K extends MessageType>(type: K, handler: (request: RequestOf<K>) => ReturnType<ProtocolMap[K]>) {
  onMessage(type, ({ data, sender }) => handler(acceptMessage(type, data, sender, browser.runtime.id)));
}

export function setUpMessageHandlers(): void {
  handle('predictProfile', ({ plan, units }) => priorProfile(plan, units));
}
