import { PassThrough } from "node:stream";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import { createConsoleChannel, type ConsoleChannel } from "../../src/channels/console/console-channel.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { createMaxChannel, type MaxChannel } from "../../src/channels/max/channel.js";
import type { Channel } from "../../src/storage/tables.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "./fake-telegram-api.js";
import {
  createFakeVkApi,
  type FakeVkApi,
  type FakeVkClientInfo,
  type FakeVkEvent,
  type FakeVkUser,
} from "./fake-vk-api.js";
import { createFakeMaxApi, type FakeMaxApi, type FakeMaxUser } from "./fake-max-api.js";
import { silentLogger, type JourneyEnv } from "./journey-env.js";

/**
 * One person talking to the bot through one channel's real client. The contract scenario is written
 * against this interface only, so every channel walks exactly the same steps.
 */
export interface ChannelDriver {
  readonly channel: Channel;
  /** Sends text or a /command as the person. */
  send(text: string): Promise<void>;
  /** Presses the button whose label ends with `label` on the newest message that has one. */
  press(label: string): Promise<void>;
  /** Waits for a bot message (sent or edited) since the person's last action that matches. */
  expectMessage(pattern: RegExp | string): Promise<string>;
  /** The person's id in the database (after the first message). */
  personId(): Promise<number>;
  /** Stops the channel and starts a new one on the same database (a crash and restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const WAIT_MS = 15_000;
let telegramDrivers = 0;
let vkDrivers = 0;
let maxDrivers = 0;
const POLL_MS = 15;

async function waitUntil<T>(what: string, probe: () => T | undefined, seen: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the bot said:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const matches = (pattern: RegExp | string, text: string) =>
  typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);

/** The person behind a channel account, once their first message created it. */
async function personIdOf(env: JourneyEnv, channel: Channel, externalId: string): Promise<number> {
  const account = await createChannelAccountRepository(env.database.db).find(channel, externalId);
  if (!account) throw new Error(`the person has no ${channel} account yet`);
  return account.personId;
}

/** Button labels carry state marks ("✅ ", "▫️ ", "● ", "2. "): a label is found by its ending. */
const labelMatches = (buttonLabel: string, label: string) =>
  buttonLabel === label || buttonLabel.endsWith(` ${label}`);

export async function createTelegramDriver(
  env: JourneyEnv,
  options: { languageCode?: string; firstName?: string } = {},
): Promise<ChannelDriver & { fake: FakeTelegramApi; user: FakeUser }> {
  // Several bots in one test file share one database: give each its own update and user ids, as
  // Telegram would, or the update ledger takes a new update for a repeat.
  const range = ++telegramDrivers * 1_000_000;
  const fake = await createFakeTelegramApi({ firstUpdateId: range, firstUserId: range });
  const user = fake.user({
    firstName: options.firstName ?? "Анна",
    languageCode: options.languageCode ?? "ru",
  });
  const codec = createPayloadCodec({ secret: "contract-secret" });
  const start = async () => {
    const created = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      botInfo: fake.botInfo,
      db: env.database.db,
      translator: env.translator,
      codec,
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1 },
      pipeline: env.hub.pipeline,
    });
    await created.start();
    return created;
  };
  let channel: TelegramChannel = await start();
  let mark = fake.calls.length;
  const botTexts = (from: number) =>
    fake.calls
      .slice(from)
      .filter((c) => c.ok && (c.method === "sendMessage" || c.method === "editMessageText"))
      .map((c) => {
        // A message reads as its text plus its buttons, as the person sees it (a toggle shows on a button).
        const markup = c.payload.reply_markup as
          { inline_keyboard?: { text: string }[][] } | string | undefined;
        const keyboard = typeof markup === "string" ? (JSON.parse(markup) as typeof markup) : markup;
        const labels =
          keyboard && typeof keyboard === "object"
            ? (keyboard.inline_keyboard ?? []).flat().map((b) => b.text)
            : [];
        return [String(c.payload.text), ...labels].join("\n");
      });

  return {
    channel: "telegram",
    fake,
    user,
    async send(text) {
      mark = fake.calls.length;
      fake.sendText(user, text);
      return Promise.resolve();
    },
    async press(label) {
      // The newest message carrying the button, once the bot has answered the last action.
      const found = await waitUntil(
        `a button "${label}"`,
        () => {
          if (botTexts(mark).length === 0) return undefined;
          const messages = fake.chatMessages(user.id);
          for (let i = messages.length - 1; i >= 0; i--) {
            const message = messages[i]!;
            const button = (message.reply_markup?.inline_keyboard ?? [])
              .flat()
              .find((b) => labelMatches(b.text, label));
            if (button && "callback_data" in button && button.callback_data) {
              return { data: button.callback_data, messageId: message.message_id };
            }
          }
          return undefined;
        },
        () => botTexts(0).slice(-3).join("\n---\n"),
      );
      mark = fake.calls.length;
      fake.pressButton(user, found.data, { messageId: found.messageId });
    },
    expectMessage(pattern) {
      return waitUntil(
        `a message matching ${String(pattern)}`,
        () => botTexts(mark).find((text) => matches(pattern, text)),
        () => botTexts(mark).join("\n---\n"),
      );
    },
    personId: () => personIdOf(env, "telegram", String(user.id)),
    async restart() {
      await channel.stop();
      channel = await start();
    },
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

/** The person's half of a driver: what they send and press, and what they read back. */
export type PersonActions = Pick<ChannelDriver, "send" | "press" | "expectMessage">;

/**
 * A VK user writing to the community through the fake VK API. `deliver` is how their events reach the
 * bot: the fake's long poll unless told (a Callback API test posts them to the service instead).
 */
export function createVkPerson(
  fake: FakeVkApi,
  user: FakeVkUser,
  deliver: (event: FakeVkEvent) => Promise<void> = (event) => {
    fake.enqueue(event);
    return Promise.resolve();
  },
): PersonActions {
  let mark = fake.calls.length;
  const botTexts = (from: number) =>
    fake.calls
      .slice(from)
      .filter((c) => c.ok && (c.method === "messages.send" || c.method === "messages.edit"))
      .map((c) => {
        // A message reads as its text plus its buttons, as the person sees it (a toggle shows on a button).
        const keyboard = c.params.keyboard
          ? (JSON.parse(c.params.keyboard) as { buttons: { action: { label?: string } }[][] })
          : undefined;
        const labels = (keyboard?.buttons ?? []).flat().map((b) => b.action.label ?? "");
        return [c.params.message ?? "", ...labels].join("\n");
      });

  return {
    send(text) {
      mark = fake.calls.length;
      // An invite reaches VK as a community link vk.me/club<id>?ref=CODE: the person opens it and
      // presses "Начать", and the code comes as the message's ref.
      const start = /^\/start\s+(\S+)$/.exec(text);
      return deliver(
        start
          ? fake.messageNew(user, "Начать", { payload: { command: "start" }, ref: start[1]! })
          : fake.messageNew(user, text),
      );
    },
    async press(label) {
      const found = await waitUntil(
        `a button "${label}"`,
        () => {
          if (botTexts(mark).length === 0) return undefined;
          const messages = fake.chatMessages(user.id);
          for (let i = messages.length - 1; i >= 0; i--) {
            const message = messages[i]!;
            const button = (message.keyboard?.buttons ?? [])
              .flat()
              .find((b) => labelMatches(b.action.label ?? "", label));
            if (button?.action.payload) return { button, message };
          }
          return undefined;
        },
        () => botTexts(0).slice(-3).join("\n---\n"),
      );
      mark = fake.calls.length;
      const payload = JSON.parse(found.button.action.payload!) as unknown;
      // A callback button under a message raises message_event; a text button of the keyboard under
      // the input field sends its label as the person's message, with the payload.
      await deliver(
        found.button.action.type === "callback"
          ? fake.messageEvent(user, payload, { conversationMessageId: found.message.conversationMessageId })
          : fake.messageNew(user, found.button.action.label!, { payload }),
      );
    },
    expectMessage(pattern) {
      return waitUntil(
        `a message matching ${String(pattern)}`,
        () => botTexts(mark).find((text) => matches(pattern, text)),
        () => botTexts(mark).join("\n---\n"),
      );
    },
  };
}

/** The shared journey on VK: the real vk-io client and the channel's long poll against the fake VK API. */
export async function createVkDriver(
  env: JourneyEnv,
  options: { firstName?: string; langId?: number; clientInfo?: Partial<FakeVkClientInfo> } = {},
): Promise<ChannelDriver & { fake: FakeVkApi; user: FakeVkUser; current(): VkChannel }> {
  // Several drivers share one database: each gets its own people, as separate VK accounts would be.
  const fake = await createFakeVkApi({ firstUserId: ++vkDrivers * 1_000_000 });
  const user = fake.user({
    firstName: options.firstName ?? "Анна",
    langId: options.langId ?? 0,
    ...(options.clientInfo && { clientInfo: options.clientInfo }),
  });
  const codec = createPayloadCodec({ secret: "contract-secret" });
  const start = async () => {
    const created = createVkChannel({
      token: fake.token,
      groupId: fake.groupId,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec,
      logger: silentLogger,
      mode: { kind: "polling", retryDelayMs: 20 },
      pipeline: env.hub.pipeline,
    });
    await created.start();
    return created;
  };
  let channel = await start();

  return {
    channel: "vk",
    fake,
    user,
    current: () => channel,
    ...createVkPerson(fake, user),
    personId: () => personIdOf(env, "vk", String(user.id)),
    async restart() {
      await channel.stop();
      channel = await start();
    },
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

/**
 * A MAX user writing to the bot through the fake MAX API. `deliver` is how their updates reach the
 * bot: the fake's long poll unless told (a webhook test posts them to the service instead).
 */
export function createMaxPerson(
  fake: FakeMaxApi,
  user: FakeMaxUser,
  deliver: (update: Record<string, unknown>) => Promise<void> = (update) => {
    fake.enqueue(update);
    return Promise.resolve();
  },
): PersonActions {
  let mark = fake.calls.length;
  const botTexts = (from: number) =>
    fake.calls
      .slice(from)
      .filter((c) => c.ok && (c.method === "POST /messages" || c.method === "PUT /messages"))
      .map((c) => {
        // A message reads as its text plus its buttons, as the person sees it (a toggle shows on a button).
        const keyboard = (
          c.body.attachments as { payload?: { buttons?: { text: string }[][] } }[] | undefined
        )
          ?.map((a) => a.payload?.buttons ?? [])
          .flat(2);
        return [String(c.body.text), ...(keyboard ?? []).map((b) => b.text)].join("\n");
      });

  return {
    send(text) {
      mark = fake.calls.length;
      // An invite reaches MAX as a deep link max.ru/<bot>?start=CODE: the person presses «Начать»
      // and the code comes as the bot_started payload.
      const start = /^\/start\s+(\S+)$/.exec(text);
      return deliver(start ? fake.botStarted(user, start[1]) : fake.messageCreated(user, text));
    },
    async press(label) {
      const found = await waitUntil(
        `a button "${label}"`,
        () => {
          if (botTexts(mark).length === 0) return undefined;
          const messages = fake.chatMessages(user.chatId);
          for (let i = messages.length - 1; i >= 0; i--) {
            const message = messages[i]!;
            const button = (message.buttons ?? []).flat().find((b) => labelMatches(b.text, label));
            if (button?.payload) return { payload: button.payload, mid: message.mid };
          }
          return undefined;
        },
        () => botTexts(0).slice(-3).join("\n---\n"),
      );
      mark = fake.calls.length;
      await deliver(fake.callback(user, found.payload, { mid: found.mid }));
    },
    expectMessage(pattern) {
      return waitUntil(
        `a message matching ${String(pattern)}`,
        () => botTexts(mark).find((text) => matches(pattern, text)),
        () => botTexts(mark).join("\n---\n"),
      );
    },
  };
}

/** The shared journey on MAX: the package's API client and the channel's long poll against the fake MAX API. */
export async function createMaxDriver(
  env: JourneyEnv,
  options: { firstName?: string; locale?: string } = {},
): Promise<ChannelDriver & { fake: FakeMaxApi; user: FakeMaxUser; current(): MaxChannel }> {
  // Several drivers share one database: each gets its own people, as separate MAX accounts would be.
  const fake = await createFakeMaxApi({ firstUserId: ++maxDrivers * 1_000_000 });
  const user = fake.user({ firstName: options.firstName ?? "Анна", locale: options.locale ?? "ru" });
  const codec = createPayloadCodec({ secret: "contract-secret" });
  const start = async () => {
    const created = createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec,
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: env.hub.pipeline,
    });
    await created.start();
    return created;
  };
  let channel = await start();

  return {
    channel: "max",
    fake,
    user,
    current: () => channel,
    ...createMaxPerson(fake, user),
    personId: () => personIdOf(env, "max", String(user.user_id)),
    async restart() {
      await channel.stop();
      channel = await start();
    },
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

export async function createConsoleDriver(
  env: JourneyEnv,
  externalId = "console-contract",
): Promise<ChannelDriver> {
  let input = new PassThrough();
  let output = "";
  const start = async () => {
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const created = createConsoleChannel({
      input,
      output: stream,
      pipeline: env.hub.pipeline,
      externalId,
      languageTag: "ru_RU.UTF-8",
      onError: (error) => {
        output += `\n[error] ${String(error)}\n`;
      },
    });
    await created.start();
    return created;
  };
  let channel: ConsoleChannel = await start();
  let mark = 0;
  /** What the console printed since `from`, as separate messages (each starts after a blank line). */
  const messagesSince = (from: number) =>
    output
      .slice(from)
      .split(/\n\n/)
      .filter((m) => m.trim() !== "");

  return {
    channel: "console",
    async send(text) {
      mark = output.length;
      input.write(`${text}\n`);
      return Promise.resolve();
    },
    async press(label) {
      // Buttons print as "[x] label" on the lines under a message; the newest one with a match wins,
      // once the bot has answered the last action.
      const letter = await waitUntil(
        `a button "${label}"`,
        () => {
          if (output.length === mark) return undefined;
          const lines = output.split("\n");
          for (let i = lines.length - 1; i >= 0; i--) {
            for (const cell of lines[i]!.split(/ {3}/)) {
              const found = /^\s*\[([a-z]+)\] (.*)$/.exec(cell);
              if (found && labelMatches(found[2]!.trim(), label)) return found[1]!;
            }
          }
          return undefined;
        },
        () => output.slice(-800),
      );
      mark = output.length;
      // "[a]" presses on every message; a bare "a" under a free-text question is the answer "a".
      input.write(`[${letter}]\n`);
    },
    expectMessage(pattern) {
      return waitUntil(
        `console output matching ${String(pattern)}`,
        () => messagesSince(mark).find((text) => matches(pattern, text)),
        () => output.slice(mark),
      );
    },
    personId: () => personIdOf(env, "console", externalId),
    async restart() {
      input.end();
      await channel.stop();
      input = new PassThrough();
      channel = await start();
    },
    async close() {
      input.end();
      await channel.stop();
    },
  };
}
