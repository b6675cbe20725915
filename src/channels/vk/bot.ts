import type { Kysely } from "kysely";
import {
  createChannelAccountRepository,
  type ChannelAccountRepository,
} from "../../accounts/channel-account.repository.js";
import type { InboundUpdate, SenderHints } from "../../core/messages.js";
import type { ChannelIngress } from "../../core/ports.js";
import type { Translator } from "../../i18n/translator.js";
import type { InboundPipeline } from "../../pipeline/inbound-pipeline.js";
import type { Database } from "../../storage/tables.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { createVkApi, type VkApiClient, type VkRetryOptions } from "./api.js";
import { createVkClientDirectory, type VkClientDirectory } from "./client-directory.js";
import { describeVkError } from "./errors.js";
import { isPrivateDialog, type VkGroupEvent } from "./events.js";
import { messageRef, readMessage } from "./inbound-event.js";
import { createVkMessenger, type VkMessenger } from "./messenger.js";

export interface VkBotOptions {
  /** A community access token with the "messages" right (and "manage" for the Callback API setup). */
  token: string;
  /** The community's positive id (VK_GROUP_ID). */
  groupId: number;
  /** Another API host, e.g. http://127.0.0.1:1234 for the fake API in tests (VK_API_ROOT). */
  apiRoot?: string;
  /** API calls per second (20, a community token's limit, unless told). */
  requestsPerSecond?: number;
  /** Repeats after network failures, flood control and VK's internal errors. */
  retry?: Partial<VkRetryOptions>;
  db: Kysely<Database>;
  translator: Translator;
  codec: PayloadCodec;
  logger: ChannelLogger;
  /** Where events go: recorded, ordered per person, handled once (src/pipeline). */
  pipeline: InboundPipeline;
  accounts?: ChannelAccountRepository;
}

export interface VkBot {
  readonly client: VkApiClient;
  readonly messenger: VkMessenger;
  readonly directory: VkClientDirectory;
  /**
   * Records the event in the update ledger; false when it was recorded before (a redelivery) or is
   * another community's. Rejects when the ledger cannot be reached, so the caller can have VK
   * deliver it again.
   */
  claim(event: VkGroupEvent): Promise<boolean>;
  /** `claim` for a long poll's batch in one statement, in order: the events recorded now. */
  claimBatch(events: VkGroupEvent[]): Promise<VkGroupEvent[]>;
  /** Handles a recorded event after that person's earlier ones. Never rejects: failures are logged. */
  process(event: VkGroupEvent): Promise<void>;
  /** Resolves when no event is being processed (for a graceful stop). */
  idle(): Promise<void>;
}

/** Names VK gives are offered back to the person once; a few minutes of memory saves a users.get per message. */
const NAME_TTL_MS = 10 * 60 * 1000;
const NAME_CACHE_SIZE = 5000;
/** A snackbar shows at most 90 characters. */
const SNACKBAR_LIMIT = 90;

interface VkPress {
  pressId: string;
  userId: number;
  peerId: number;
}

/**
 * The VK adapter, whichever transport brings the events: reads community events into channel-neutral
 * updates for the inbound pipeline, answers button presses, and sends through vk-io's API client.
 */
export function createVkBot(options: VkBotOptions): VkBot {
  const { codec, logger, groupId, pipeline } = options;
  const accounts = options.accounts ?? createChannelAccountRepository(options.db);
  const client = createVkApi({
    token: options.token,
    ...(options.apiRoot && { apiRoot: options.apiRoot }),
    ...(options.requestsPerSecond && { requestsPerSecond: options.requestsPerSecond }),
    ...(options.retry && { retry: options.retry }),
    logger,
  });
  const directory = createVkClientDirectory();
  const messenger = createVkMessenger({ client, codec, accounts, directory, logger });
  const names = new Map<number, { firstName?: string; at: number }>();

  async function firstNameOf(userId: number): Promise<string | undefined> {
    const cached = names.get(userId);
    if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.firstName;
    try {
      const [user] = await client.call<{ first_name?: string }[]>("users.get", { user_ids: userId });
      names.delete(userId);
      names.set(userId, { ...(user?.first_name && { firstName: user.first_name }), at: Date.now() });
      if (names.size > NAME_CACHE_SIZE) names.delete(names.keys().next().value!);
      return user?.first_name;
    } catch (error) {
      // A name is a courtesy: without it the journey simply does not offer one.
      logger.warn({ error: describeVkError(error) }, "vk users.get failed");
      return undefined;
    }
  }

  async function sender(userId: number, peerId: number): Promise<SenderHints> {
    const languageTag = directory.languageTag(peerId);
    const firstName = await firstNameOf(userId);
    return { ...(firstName && { firstName }), ...(languageTag && { languageTag }) };
  }

  async function read(event: VkGroupEvent): Promise<InboundUpdate> {
    switch (event.type) {
      case "message_new": {
        const { message } = event;
        if (!isPrivateDialog(message.peer_id, message.from_id))
          return { kind: "ignored", why: "not a private dialog" };
        if (event.clientInfo) directory.remember(message.peer_id, event.clientInfo);
        const ref = messageRef(message.peer_id, message.conversation_message_id);
        const body = readMessage(message);
        return {
          kind: "event",
          externalId: String(message.from_id),
          chatId: String(message.peer_id),
          sender: await sender(message.from_id, message.peer_id),
          body,
          // A text button's message is the person's own: it carries no buttons of ours to edit.
          ...(ref && body.kind !== "button" && { message: ref }),
        };
      }
      case "message_event": {
        const press: VkPress = { pressId: event.pressId, userId: event.userId, peerId: event.peerId };
        if (!isPrivateDialog(event.peerId, event.userId)) {
          await answerPress(press);
          return { kind: "ignored", why: "not a private dialog" };
        }
        const ref = messageRef(event.peerId, event.conversationMessageId);
        return {
          kind: "event",
          externalId: String(event.userId),
          chatId: String(event.peerId),
          sender: await sender(event.userId, event.peerId),
          body: { kind: "button", payload: event.payload },
          ...(ref && { message: ref }),
          press,
        };
      }
      // The person forbade or allowed messages from the community (in a private dialog, chat = user).
      case "message_deny":
        return { kind: "blocked", chatId: String(event.userId) };
      case "message_allow":
        return { kind: "unblocked", chatId: String(event.userId) };
      case "other":
        return { kind: "ignored", why: `event type ${event.rawType}` };
    }
  }

  async function answerPress(press: VkPress, text?: string) {
    await client.call("messages.sendMessageEventAnswer", {
      event_id: press.pressId,
      user_id: press.userId,
      peer_id: press.peerId,
      ...(text && {
        event_data: JSON.stringify({ type: "show_snackbar", text: text.slice(0, SNACKBAR_LIMIT) }),
      }),
    });
  }

  const ingress: ChannelIngress = {
    channel: "vk",
    messenger,
    orderKey(raw) {
      const event = raw as VkGroupEvent;
      switch (event.type) {
        case "message_new":
          return `peer:${event.message.peer_id}`;
        case "message_event":
          return `peer:${event.peerId}`;
        case "message_deny":
        case "message_allow":
          return `peer:${event.userId}`;
        case "other":
          return "other";
      }
    },
    read: (raw) => read(raw as VkGroupEvent),
    decodeButton: (payload, chatId) => codec.decode("vk", payload, chatId),
    answerPress: (press, text) => answerPress(press as VkPress, text),
  };
  pipeline.connect(ingress);

  /** Events VK sends without an id are never repeated by VK: any unique id records them. */
  const ids = new WeakMap<VkGroupEvent, string>();
  let unkeyed = 0;
  const idOf = (event: VkGroupEvent) => {
    if (event.dedupeId !== undefined) return event.dedupeId;
    let id = ids.get(event);
    if (!id) {
      id = `unkeyed:${process.pid}:${Date.now()}:${++unkeyed}`;
      ids.set(event, id);
    }
    return id;
  };

  return {
    client,
    messenger,
    directory,

    async claim(event) {
      if (event.groupId !== groupId) {
        logger.warn({ groupId: event.groupId }, "vk event for another community ignored");
        return false;
      }
      const recorded = await pipeline.record("vk", idOf(event), event);
      if (!recorded) logger.debug({ eventId: event.dedupeId }, "vk event already processed");
      return recorded;
    },

    async claimBatch(events) {
      const ours = events.filter((event) => {
        if (event.groupId === groupId) return true;
        logger.warn({ groupId: event.groupId }, "vk event for another community ignored");
        return false;
      });
      const recorded = await pipeline.recordBatch(
        "vk",
        ours.map((event) => ({ updateId: idOf(event), raw: event })),
      );
      return ours.filter((event) => recorded.has(idOf(event)));
    },

    process: (event) => pipeline.process("vk", idOf(event), event),

    idle: () => pipeline.idle(),
  };
}
