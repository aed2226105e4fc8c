/**
 * The one protocol between the popup, the options page, the Strava content script and the
 * background. Each message has a zod schema for its payload; the background checks the
 * sender and the payload of every message before acting on it (`acceptMessage`).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from './zod';
import type { MusicProfile } from './model/profile';
import { plannedRunSchema } from './plan';

const unitsSchema = z.enum(['metric', 'imperial']);

export const requestSchemas = {
  /** The music profile RunSound would pick for a planned run. */
  predictProfile: z.object({ plan: plannedRunSchema, units: unitsSchema }),
};

interface Responses {
  predictProfile: MusicProfile;
}

export type MessageType = keyof typeof requestSchemas;
export type RequestOf<K extends MessageType> = z.infer<(typeof requestSchemas)[K]>;

export type ProtocolMap = { [K in MessageType]: (data: RequestOf<K>) => Responses[K] };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

export class MessageRejected extends Error {
  override name = 'MessageRejected';
}

/**
 * Returns the validated payload of a message, or throws MessageRejected when it did not come
 * from this extension or its payload does not have the expected shape.
 */
export function acceptMessage<K extends MessageType>(
  type: K,
  data: unknown,
  sender: { id?: string },
  extensionId: string,
): RequestOf<K> {
  if (sender.id !== extensionId) {
    throw new MessageRejected(`RunSound ignored "${type}" from outside the extension.`);
  }
  const parsed = requestSchemas[type].safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    throw new MessageRejected(`RunSound rejected a malformed "${type}" message (${problems.join('; ')}).`);
  }
  return parsed.data as RequestOf<K>;
}
