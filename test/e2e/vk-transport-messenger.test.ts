import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import type { PayloadCodec } from "../../src/channels/shared/payload-codec.js";
import type { VkChannel } from "../../src/channels/vk/channel.js";
import type { InboundEvent, OutboundButton } from "../../src/core/messages.js";
import type { TestDatabase } from "../support/database.js";
import type { FakeVkApi, FakeVkKeyboard, FakeVkUser, RecordedVkCall } from "../support/fake-vk-api.js";
import { startVkTestChannel, toPeer, type VkTestChannel } from "../support/vk-test-channel.js";

let stand: VkTestChannel;
let fake: FakeVkApi;
let database: TestDatabase;
let codec: PayloadCodec;
let channel: VkChannel;
const events: InboundEvent[] = [];

beforeAll(async () => {
  stand = await startVkTestChannel({
    before(event) {
      events.push(event);
      if (event.kind === "button") return true;
      return false;
    },
  });
  ({ fake, database, codec, channel } = stand);
});

afterAll(async () => {
  await stand?.stop();
});

const sendsTo = (user: FakeVkUser, since = 0) =>
  fake.callsTo("messages.send", (c) => c.seq >= since && toPeer(user)(c));

/** A person who has written to the community, so the channel knows their client. */
async function person(options: Parameters<FakeVkApi["user"]>[0] = {}): Promise<FakeVkUser> {
  const user = fake.user(options);
  fake.sendText(user, "/start");
  await fake.waitForCall("messages.send", (c) => toPeer(user)(c) && c.ok);
  return user;
}

const answer = (value: string, label = value): OutboundButton => ({
  label,
  action: { type: "answer", session: 42, question: "goal", value },
});

function keyboardOf(call: RecordedVkCall): FakeVkKeyboard | undefined {
  return call.params.keyboard === undefined
    ? undefined
    : (JSON.parse(call.params.keyboard) as FakeVkKeyboard);
}

/** Buttons are signed for the peer they were sent to (see PayloadCodec.encode). */
function decoded(keyboard: FakeVkKeyboard, peer: { id: number }): unknown[][] {
  return keyboard.buttons.map((row) =>
    row.map((b) => {
      const result = codec.decode("vk", b.action.payload, String(peer.id));
      return result.ok ? result.action.value : b.action.type;
    }),
  );
}

describe("vk messenger against the fake VK API", () => {
  it("puts buttons under the message as signed callback buttons, links as open_link", async () => {
    const user = await person();
    const sent = await channel.messenger.send(String(user.id), {
      text: "Как часто встречаться?",
      buttons: [[answer("weekly", "Раз в неделю"), { label: "Сайт", url: "https://example.org" }]],
    });
    if (!sent.ok) throw new Error("send must succeed");
    const keyboard = keyboardOf(sendsTo(user).at(-1)!)!;
    expect(keyboard.inline).toBe(true);
    // VK draws a link wide: it gets a row of its own.
    expect(keyboard.buttons).toHaveLength(2);
    const button = keyboard.buttons[0]![0]!;
    const link = keyboard.buttons[1]![0]!;
    expect(button.action).toMatchObject({ type: "callback", label: "Раз в неделю" });
    expect(button.action.payload!.length).toBeLessThanOrEqual(255);
    expect(codec.decode("vk", button.action.payload, String(user.id + 1))).toMatchObject({ ok: false });
    expect(codec.decode("vk", button.action.payload, String(user.id))).toEqual({
      ok: true,
      action: { type: "answer", session: 42, question: "goal", value: "weekly" },
    });
    expect(link.action).toEqual({ type: "open_link", label: "Сайт", link: "https://example.org" });
    expect(sent.message).toEqual({
      chatId: String(user.id),
      messageId: String(fake.chatMessages(user.id).at(-1)!.conversationMessageId),
    });
  });

  it("joins rows so eight options fit the inline keyboard's six rows, keeping their order", async () => {
    const user = await person();
    const options = ["a", "b", "c", "d", "e", "f", "g", "h"].map((v) => [answer(v)]);
    await channel.messenger.send(String(user.id), {
      text: "?",
      buttons: [...options, [answer("back"), answer("skip")]],
    });
    const keyboard = keyboardOf(sendsTo(user).at(-1)!)!;
    expect(keyboard.inline).toBe(true);
    expect(keyboard.buttons.length).toBeLessThanOrEqual(6);
    expect(keyboard.buttons.flat()).toHaveLength(10);
    expect(decoded(keyboard, user).flat()).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "back", "skip"]);
    for (const row of keyboard.buttons) expect(row.length).toBeLessThanOrEqual(5);
  });

  it("moves more than ten buttons (a 1-10 scale and back) to a one-time keyboard of text buttons", async () => {
    const user = await person();
    const scale = Array.from({ length: 10 }, (_, i) => answer(String(i + 1)));
    await channel.messenger.send(String(user.id), {
      text: "Насколько полезна встреча?",
      buttons: [scale.slice(0, 5), scale.slice(5), [answer("back"), answer("skip")]],
    });
    const keyboard = keyboardOf(sendsTo(user).at(-1)!)!;
    expect(keyboard.inline).toBeUndefined();
    expect(keyboard.one_time).toBe(true);
    expect(keyboard.buttons.flat().every((b) => b.action.type === "text")).toBe(true);
    expect(decoded(keyboard, user)).toEqual([
      ["1", "2", "3", "4", "5"],
      ["6", "7", "8", "9", "10"],
      ["back", "skip"],
    ]);

    // A text button comes back as the person's message carrying the payload: a button event.
    const pressed = keyboard.buttons[1]![2]!.action;
    const event = fake.sendText(user, pressed.label!, { payload: JSON.parse(pressed.payload!) as unknown });
    await expect
      .poll(() => events.find((e) => e.eventId === event.event_id))
      .toMatchObject({
        kind: "button",
        action: { type: "answer", session: 42, question: "goal", value: "8" },
      });
    expect(events.find((e) => e.eventId === event.event_id)).not.toHaveProperty("message");
  });

  it("gives a client without inline keyboards a keyboard under the input field and links in the text", async () => {
    const user = await person({ clientInfo: { inline_keyboard: false, button_actions: ["text"] } });
    await channel.messenger.send(String(user.id), {
      text: "Согласны?",
      buttons: [
        [answer("yes", "Да"), answer("no", "Нет")],
        [{ label: "Текст согласия", url: "https://example.org/pd" }],
      ],
    });
    const call = sendsTo(user).at(-1)!;
    const keyboard = keyboardOf(call)!;
    expect(keyboard.inline).toBeUndefined();
    expect(keyboard.buttons.flat().map((b) => b.action.type)).toEqual(["text", "text"]);
    expect(call.params.message).toBe("Согласны?\n\nТекст согласия: https://example.org/pd");
  });

  it("cuts labels to VK's 40 characters without splitting an emoji", async () => {
    const user = await person();
    const long = `✅ ${"Очень длинный вариант ответа ".repeat(3)}`;
    const emoji = `${"я".repeat(38)}👍🏽 хвост`;
    await channel.messenger.send(String(user.id), {
      text: "?",
      buttons: [[answer("a", long)], [answer("b", emoji)]],
    });
    const [first, second] = keyboardOf(sendsTo(user).at(-1)!)!.buttons.flat();
    expect(first!.action.label!.length).toBeLessThanOrEqual(40);
    expect(first!.action.label).toMatch(/^✅ Очень длинный.*…$/);
    expect(second!.action.label).toBe(`${"я".repeat(38)}…`);
  });

  it("edits in place, removing the buttons, and reports what it cannot edit", async () => {
    const user = await person();
    const sent = await channel.messenger.send(String(user.id), {
      text: "Выберите",
      buttons: [[answer("x")]],
    });
    if (!sent.ok) throw new Error("send must succeed");
    expect(await channel.messenger.edit(sent.message, { text: "Выбрано: x" })).toEqual(sent);
    const edit = fake.callsTo("messages.edit", toPeer(user)).at(-1)!;
    expect(JSON.parse(edit.params.keyboard!)).toEqual({ inline: true, buttons: [] });
    expect(fake.chatMessages(user.id).at(-1)).toMatchObject({ text: "Выбрано: x", edited: true });
    expect(fake.chatMessages(user.id).at(-1)?.keyboard).toBeUndefined();

    expect(
      await channel.messenger.edit({ chatId: String(user.id), messageId: "999999" }, { text: "x" }),
    ).toEqual({
      ok: false,
      reason: "gone",
    });
    // Eleven buttons need the keyboard under the input field, which an old message cannot take.
    const edits = fake.callsTo("messages.edit").length;
    const ten = Array.from({ length: 10 }, (_, i) => [answer(String(i))]);
    expect(
      await channel.messenger.edit(sent.message, { text: "?", buttons: [...ten, [answer("back")]] }),
    ).toEqual({ ok: false, reason: "gone" });
    expect(fake.callsTo("messages.edit")).toHaveLength(edits);
  });

  it("splits a text longer than VK's 4096 characters, buttons on the last part", async () => {
    const user = await person();
    const since = fake.calls.length;
    const paragraph = "Наставничество — это совместная работа. ".repeat(60);
    const text = Array.from({ length: 4 }, () => paragraph).join("\n");
    const sent = await channel.messenger.send(String(user.id), { text, buttons: [[answer("ok")]] });
    expect(sent.ok).toBe(true);
    const parts = sendsTo(user, since);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.params.message!.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.params.keyboard === undefined)).toEqual([
      ...parts.slice(1).map(() => true),
      false,
    ]);
    expect(
      parts
        .map((p) => p.params.message)
        .join("\n")
        .replace(/\s+/g, " ")
        .trim(),
    ).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("fails loudly on a renderer bug before anything is sent", async () => {
    const user = await person();
    const since = fake.calls.length;
    const many = Array.from({ length: 41 }, (_, i) => answer(String(i)));
    const rows = Array.from({ length: 9 }, (_, i) => many.slice(i * 5, i * 5 + 5));
    await expect(channel.messenger.send(String(user.id), { text: "?", buttons: rows })).rejects.toThrow(
      /paginate/,
    );
    await expect(
      channel.messenger.send(String(user.id), {
        text: "?",
        buttons: [
          [{ label: "x", action: { type: "answer", question: "q".repeat(60), value: "ю".repeat(200) } }],
        ],
      }),
    ).rejects.toThrow(/oversized/);
    expect(sendsTo(user, since)).toEqual([]);
  });

  it("throws VK's refusal of a recipient that is not a block, and does not mark them", async () => {
    const user = await person();
    fake.failNext(
      "messages.send",
      { code: 917, msg: "You don't have access to this chat" },
      { peerId: user.id },
    );
    await expect(channel.messenger.send(String(user.id), { text: "hello" })).rejects.toThrow(/917/);
    const account = await createChannelAccountRepository(database.db).find("vk", String(user.id));
    expect(account?.blockedAt).toBeNull();
  });
});

describe("vk sendMany: one text to many people", () => {
  it("batches up to 100 peer_ids a call, reports each person, and marks the blocked", async () => {
    const accounts = createChannelAccountRepository(database.db);
    const people = Array.from({ length: 250 }, () => fake.user());
    const blocked = people[137]!;
    await accounts.touch({ channel: "vk", externalId: String(blocked.id), chatId: String(blocked.id) });
    fake.deny(blocked);
    await fake.waitForTaken();
    await channel.vk.idle();

    const since = fake.calls.length;
    const chatIds = people.map((p) => String(p.id));
    const results = await channel.messenger.sendMany([...chatIds, chatIds[0]!], {
      text: "Напоминание: встреча в четверг",
      // A link, not an action: buttons signed for one peer could not be shared in a batch.
      buttons: [[{ label: "Расписание", url: "https://example.org/schedule" }]],
    });

    const calls = fake.callsTo("messages.send", (c) => c.seq >= since);
    expect(calls.map((c) => c.params.peer_ids!.split(",").length)).toEqual([100, 100, 50]);
    expect(new Set(calls.map((c) => c.params.random_id)).size).toBe(3);
    expect(calls.flatMap((c) => c.params.peer_ids!.split(","))).toEqual(chatIds);
    for (const call of calls) expect(keyboardOf(call)?.inline).toBe(true);

    expect(results.map((r) => r.chatId)).toEqual(chatIds);
    expect(results.filter((r) => !r.result.ok)).toEqual([
      { chatId: String(blocked.id), result: { ok: false, reason: "blocked" } },
    ]);
    const delivered = results[3]!.result;
    if (!delivered.ok) throw new Error("must be delivered");
    expect(delivered.message).toEqual({
      chatId: String(people[3]!.id),
      messageId: String(fake.chatMessages(people[3]!.id).at(-1)!.conversationMessageId),
    });
    expect((await accounts.find("vk", String(blocked.id)))?.blockedAt).toBeInstanceOf(Date);
  });

  it("sends separately to people whose clients show different keyboards", async () => {
    const modern = await person();
    const old = await person({ clientInfo: { inline_keyboard: false, button_actions: ["text"] } });
    const since = fake.calls.length;
    const results = await channel.messenger.sendMany([String(modern.id), String(old.id)], {
      text: "Заполните анкету",
      buttons: [[answer("open", "Открыть")]],
    });
    expect(results.every((r) => r.result.ok)).toBe(true);
    const calls = fake.callsTo("messages.send", (c) => c.seq >= since);
    expect(calls).toHaveLength(2);
    expect(keyboardOf(sendsTo(modern, since)[0]!)?.inline).toBe(true);
    expect(keyboardOf(sendsTo(old, since)[0]!)?.one_time).toBe(true);
  });
});
