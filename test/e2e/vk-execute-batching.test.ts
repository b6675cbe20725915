import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import type { VkChannel } from "../../src/channels/vk/channel.js";
import type { TestDatabase } from "../support/database.js";
import type { FakeVkApi, FakeVkUser } from "../support/fake-vk-api.js";
import { startVkTestChannel, toPeer, type VkTestChannel } from "../support/vk-test-channel.js";

/**
 * VK counts a community's calls at 20 a second; vk-io's parallel mode sends queued calls together as
 * one `execute` (one call against the limit). Several people answered at once must cost fewer HTTP
 * requests than API calls, each person's replies must still arrive in order, and one person's refusal
 * inside a batch must not touch the others in it.
 */

let stand: VkTestChannel;
let fake: FakeVkApi;
let database: TestDatabase;
let channel: VkChannel;

beforeAll(async () => {
  stand = await startVkTestChannel();
  ({ fake, database, channel } = stand);
});

afterAll(async () => {
  await stand?.stop();
});

async function person(): Promise<FakeVkUser> {
  const user = fake.user();
  fake.sendText(user, "/start");
  await fake.waitForCall("messages.send", (c) => toPeer(user)(c) && c.ok);
  return user;
}

/** Texts that would end a naive reading of the batched code early: brackets, quotes, commas. */
const awkward = (n: number, i: number) =>
  `Вопрос ${i} для ${n}: a), b], c}; "кавычки" \\ API.messages.send({"x":1}),]; ёжик 😀 ${"ю".repeat(i * 50)}`;

describe("vk calls batched into VK's execute", () => {
  it("answers several people at once in fewer requests, in order, and a 901 stops only its person", async () => {
    const people: FakeVkUser[] = [];
    for (let i = 0; i < 8; i++) people.push(await person());
    const blocked = people[5]!;
    const since = fake.calls.length;
    const sinceRequest = fake.requests.length;

    const results = await Promise.all(
      people.map(async (user, n) => {
        const outcomes = [];
        for (let i = 1; i <= 3; i++) {
          // The refusal comes for this person's second message, when everyone is mid-conversation.
          if (user === blocked && i === 2) {
            fake.failNext(
              "messages.send",
              { code: 901, msg: "Can't send messages for users without permission" },
              { peerId: blocked.id, where: "call" },
            );
          }
          outcomes.push(
            await channel.messenger.send(String(user.id), {
              text: awkward(n, i),
              buttons: [[{ label: `Ответ ${i}`, action: { type: "answer", question: "q", value: `v${i}` } }]],
            }),
          );
        }
        return outcomes;
      }),
    );

    const requests = fake.requests.slice(sinceRequest);
    const apiCalls = fake.calls.filter((c) => c.seq >= since && c.method !== "longpoll");
    expect(requests.every((r) => r.method === "execute")).toBe(true);
    expect(apiCalls.every((c) => c.execute !== undefined)).toBe(true);
    expect(requests.length).toBeLessThan(apiCalls.length);
    expect(Math.max(...requests.map((r) => r.calls.length))).toBeGreaterThan(1);

    // Everyone else got all three, in order, texts and keyboards intact.
    for (const [n, user] of people.entries()) {
      if (user === blocked) continue;
      expect(results[n]!.every((r) => r.ok)).toBe(true);
      const texts = fake.chatMessages(user.id).slice(-3);
      expect(texts.map((m) => m.text)).toEqual([1, 2, 3].map((i) => awkward(n, i)));
      expect(texts.map((m) => m.keyboard?.buttons[0]![0]!.action.label)).toEqual([
        "Ответ 1",
        "Ответ 2",
        "Ответ 3",
      ]);
    }

    // The blocked person's refusal came inside an execute whose other calls were delivered.
    const refused = fake.callsTo("messages.send", (c) => c.seq >= since && toPeer(blocked)(c) && !c.ok);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errorCode).toBe(901);
    const batch = fake.requests[refused[0]!.execute!]!.calls.filter((seq) => seq !== refused[0]!.seq).map(
      (seq) => fake.calls[seq]!,
    );
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.every((c) => c.ok)).toBe(true);
    expect(results[5]![0]!.ok).toBe(true);
    expect(results[5]![1]).toEqual({ ok: false, reason: "blocked" });
    const account = await createChannelAccountRepository(database.db).find("vk", String(blocked.id));
    expect(account?.blockedAt).toBeInstanceOf(Date);
  });
});
