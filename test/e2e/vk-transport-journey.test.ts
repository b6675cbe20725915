import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import type { ChannelDriver } from "../support/channel-driver.js";
import {
  createFakeVkApi,
  type FakeVkApi,
  type FakeVkClientInfo,
  type FakeVkUser,
} from "../support/fake-vk-api.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";
import { EXPECTED_MENTEE_ANSWERS, runMenteeJourney } from "../support/journey-scenario.js";

/**
 * The shared mentee scenario (test/support/journey-scenario.ts) on VK: the real journey, the real
 * vk-io client and the channel's long poll against the fake VK API. The driver below speaks the
 * contract's ChannelDriver interface, so it can move to test/support/channel-driver.ts and join the
 * contract suite's table of channels as it is.
 */
const WAIT_MS = 15_000;
let drivers = 0;
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
/** Button labels carry state marks ("✅ ", "▫️ ", "● ", "2. "): a label is found by its ending. */
const labelMatches = (buttonLabel: string, label: string) =>
  buttonLabel === label || buttonLabel.endsWith(` ${label}`);

async function createVkDriver(
  env: JourneyEnv,
  options: { firstName?: string; langId?: number; clientInfo?: Partial<FakeVkClientInfo> } = {},
): Promise<ChannelDriver & { fake: FakeVkApi; user: FakeVkUser; current(): VkChannel }> {
  // Several drivers share one database: each gets its own people, as separate VK accounts would be.
  const fake = await createFakeVkApi({ firstUserId: ++drivers * 1_000_000 });
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
      flood: false,
      createHandler: (messenger) => env.hub.connect(messenger),
    });
    await created.start();
    return created;
  };
  let channel = await start();
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
    channel: "vk",
    fake,
    user,
    current: () => channel,
    send(text) {
      mark = fake.calls.length;
      // An invite reaches VK as a community link vk.me/club<id>?ref=CODE: the person opens it and
      // presses "Начать", and the code comes as the message's ref.
      const start = /^\/start\s+(\S+)$/.exec(text);
      if (start) fake.pressStart(user, start[1]);
      else fake.sendText(user, text);
      return Promise.resolve();
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
      if (found.button.action.type === "callback") {
        fake.pressButton(user, payload, { conversationMessageId: found.message.conversationMessageId });
      } else {
        fake.sendText(user, found.button.action.label!, { payload });
      }
    },
    expectMessage(pattern) {
      return waitUntil(
        `a message matching ${String(pattern)}`,
        () => botTexts(mark).find((text) => matches(pattern, text)),
        () => botTexts(mark).join("\n---\n"),
      );
    },
    async personId() {
      const account = await createChannelAccountRepository(env.database.db).find("vk", String(user.id));
      if (!account) throw new Error("the person has no vk account yet");
      return account.personId;
    },
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

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

async function vkUser(options: Parameters<typeof createVkDriver>[1] = {}) {
  const driver = await createVkDriver(env, options);
  opened.push(driver);
  return driver;
}

describe("the journey on VK, end to end over HTTP", () => {
  it("goes from a community link's ref to a submitted entry questionnaire, storing what Telegram stores", async () => {
    const user = await vkUser();
    const { personId, answers } = await runMenteeJourney(env, user);
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);

    const person = await env.database.db
      .selectFrom("person")
      .select(["display_name", "locale", "is_minor"])
      .where("id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ display_name: "Анна", locale: "ru", is_minor: false });
    const consents = await env.database.db
      .selectFrom("consent")
      .select(["kind", "given_by", "text_version"])
      .where("person_id", "=", personId)
      .execute();
    expect(consents).toEqual([{ kind: "personal_data", given_by: "self", text_version: "pd-2026-11-v1" }]);
    const participant = await env.database.db
      .selectFrom("participant")
      .select(["side", "status", "category"])
      .where("person_id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(participant).toEqual({ side: "mentee", status: "active", category: "pupil" });

    // The invite came as a ref, and every button the journey drew passed VK's own checks.
    expect(user.fake.calls.filter((c) => c.method.startsWith("messages.") && !c.ok)).toEqual([]);
    const ref = user.fake.calls.find(
      (c) => c.method === "longpoll" && JSON.stringify(c.result).includes('"ref"'),
    );
    expect(JSON.stringify(ref?.result)).toContain(env.menteeCode);
  });

  it("survives a restart of the bot in the middle of a form and finishes with the same answers", async () => {
    const user = await vkUser();
    const { answers } = await runMenteeJourney(env, user, { restartMidForm: true });
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
  });

  it("runs the same journey for a client without inline keyboards, through text buttons", async () => {
    const user = await vkUser({ clientInfo: { inline_keyboard: false, button_actions: ["text"] } });
    const { answers } = await runMenteeJourney(env, user);
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
    const keyboards = user.fake
      .callsTo("messages.send")
      .filter((c) => c.params.keyboard)
      .map((c) => JSON.parse(c.params.keyboard!) as { inline?: boolean });
    expect(keyboards.length).toBeGreaterThan(0);
    expect(keyboards.every((k) => k.inline !== true)).toBe(true);
  });
});
