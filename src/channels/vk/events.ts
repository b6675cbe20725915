import { z } from "zod";

/**
 * Community events as Bots Long Poll and the Callback API deliver them (API 5.199): an envelope
 * `{ type, object, group_id, event_id, v }` (plus `secret` on the Callback API) around an object
 * whose shape depends on the type. Only what the channel reads is checked; the rest may vary.
 */
const envelopeSchema = z.looseObject({
  type: z.string().min(1),
  group_id: z.coerce.number().int(),
  event_id: z.string().min(1).max(200).optional(),
  object: z.unknown().optional(),
});

const clientInfoSchema = z.looseObject({
  button_actions: z.array(z.string()).optional(),
  keyboard: z.boolean().optional(),
  inline_keyboard: z.boolean().optional(),
  lang_id: z.number().int().optional(),
});

const messageSchema = z.looseObject({
  id: z.number().int().optional(),
  conversation_message_id: z.number().int().optional(),
  peer_id: z.number().int(),
  from_id: z.number().int(),
  text: z.string().optional(),
  /** A keyboard button's payload, as the JSON string VK keeps it in. */
  payload: z.string().optional(),
  /** From a community link `vk.me/club<id>?ref=CODE`. */
  ref: z.string().optional(),
  attachments: z.array(z.unknown()).optional(),
});

const messageNewSchema = z.looseObject({
  message: messageSchema,
  client_info: clientInfoSchema.optional(),
});

const messageEventSchema = z.looseObject({
  user_id: z.number().int(),
  peer_id: z.number().int(),
  /** The press's own id, for messages.sendMessageEventAnswer (not the envelope's event_id). */
  event_id: z.string().min(1),
  payload: z.unknown().optional(),
  conversation_message_id: z.number().int().optional(),
});

const subscriptionSchema = z.looseObject({ user_id: z.number().int() });

export type VkClientInfo = z.infer<typeof clientInfoSchema>;
export type VkMessage = z.infer<typeof messageSchema>;

interface EventBase {
  groupId: number;
  /**
   * What the update ledger records: the envelope's event_id, which VK keeps for a redelivery; an id
   * built from the message when an older API version leaves it out; none for events nothing repeats.
   */
  dedupeId?: string;
}

export type VkGroupEvent =
  | (EventBase & { type: "message_new"; message: VkMessage; clientInfo?: VkClientInfo })
  | (EventBase & {
      type: "message_event";
      userId: number;
      peerId: number;
      pressId: string;
      payload: unknown;
      conversationMessageId?: number;
    })
  | (EventBase & { type: "message_deny" | "message_allow"; userId: number })
  /** Any other type the community sends: acknowledged and ignored. */
  | (EventBase & { type: "other"; rawType: string });

export type ParseResult = { ok: true; event: VkGroupEvent } | { ok: false; reason: string };

/** Reads one event; anything that does not look like VK's shape is a rejection value, never a throw. */
export function parseVkEvent(raw: unknown): ParseResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: "envelope" };
  const { type, group_id: groupId, event_id: eventId, object } = envelope.data;
  const base = { groupId, ...(eventId && { dedupeId: eventId }) };

  switch (type) {
    case "message_new": {
      const parsed = messageNewSchema.safeParse(object);
      if (!parsed.success) return { ok: false, reason: "message_new" };
      const { message, client_info: clientInfo } = parsed.data;
      const fallback =
        message.conversation_message_id !== undefined
          ? `msg:${message.peer_id}:${message.conversation_message_id}`
          : undefined;
      return {
        ok: true,
        event: {
          ...base,
          ...(!eventId && fallback && { dedupeId: fallback }),
          type,
          message,
          ...(clientInfo && { clientInfo }),
        },
      };
    }
    case "message_event": {
      const parsed = messageEventSchema.safeParse(object);
      if (!parsed.success) return { ok: false, reason: "message_event" };
      const press = parsed.data;
      return {
        ok: true,
        event: {
          ...base,
          ...(!eventId && { dedupeId: `press:${press.event_id}` }),
          type,
          userId: press.user_id,
          peerId: press.peer_id,
          pressId: press.event_id,
          payload: press.payload,
          ...(press.conversation_message_id !== undefined && {
            conversationMessageId: press.conversation_message_id,
          }),
        },
      };
    }
    case "message_deny":
    case "message_allow": {
      const parsed = subscriptionSchema.safeParse(object);
      if (!parsed.success) return { ok: false, reason: type };
      return { ok: true, event: { ...base, type, userId: parsed.data.user_id } };
    }
    default:
      return { ok: true, event: { ...base, type: "other", rawType: type } };
  }
}

/** Private dialogs only: a chat's peer_id is 2e9 + its number, a community's is negative. */
export function isPrivateDialog(peerId: number, userId: number): boolean {
  return userId > 0 && peerId === userId && peerId < 2_000_000_000;
}

/** VK's interface language codes (client_info.lang_id) as language tags, for the locale hint. */
const LANGUAGE_TAGS: Readonly<Record<number, string>> = {
  0: "ru",
  1: "uk",
  2: "be",
  3: "en",
  4: "es",
  5: "fi",
  6: "de",
  7: "it",
};

export function languageTagOf(langId: number | undefined): string | undefined {
  return langId === undefined ? undefined : LANGUAGE_TAGS[langId];
}
