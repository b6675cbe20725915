import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import type { ButtonAction, InboundEvent, OutboundMessage } from "../../src/core/messages.js";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import { createFormSessionService } from "../../src/form-sessions/form-session.service.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createJourney } from "../../src/journey/journey.js";
import { createReplies } from "../../src/pipeline/replies.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** The "Yes, erase" button of /forget erases only while fresh, and only the person it was sent to. */
let database: TestDatabase;
let translator: Translator;
let now = new Date("2026-12-03T12:00:00Z");
let handle: ReturnType<typeof createJourney>;
let eventCounter = 0;

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  const clock = () => now;
  handle = createJourney({
    translator,
    forms: createFormSessionService({
      db: database.db,
      registry: createFormRegistry(builtInForms),
      clock,
      defaultTimeZone: "Europe/Moscow",
    }),
    deepLink: () => undefined,
    notify: () => Promise.resolve(),
    clock,
    defaultTimeZone: "Europe/Moscow",
  });
});
afterAll(async () => {
  await database?.close();
});

async function person(externalId: string): Promise<{ personId: number; accountId: number }> {
  const account = await createChannelAccountRepository(database.db).touch({
    channel: "console",
    externalId,
    chatId: externalId,
  });
  // Created an hour before the test's clock, whatever the real time: the database stamps rows with
  // its own now(), which the fixed clock of this test does not follow.
  await database.db
    .updateTable("person")
    .set({ locale: "ru", created_at: new Date(now.getTime() - 3_600_000) })
    .where("id", "=", account.personId)
    .execute();
  return { personId: account.personId, accountId: account.id };
}

async function act(
  who: { personId: number; accountId: number },
  what: { command: string } | { action: ButtonAction },
): Promise<OutboundMessage[]> {
  const base = {
    channel: "console" as const,
    eventId: String(++eventCounter),
    account: {
      channel: "console" as const,
      accountId: who.accountId,
      personId: who.personId,
      externalId: String(who.accountId),
      chatId: String(who.accountId),
      locale: "ru" as const,
      localeChosen: true,
      firstContact: false,
    },
    sender: {},
    receivedAt: now,
  };
  const event: InboundEvent =
    "command" in what
      ? { ...base, kind: "command", command: what.command, argument: "" }
      : { ...base, kind: "button", action: what.action };
  const replies = createReplies();
  await database.db.transaction().execute((trx) => handle(event, { db: trx, replies }));
  return replies.ops.flatMap((op) => (op.kind === "send" ? [op.message] : []));
}

const yesButton = (messages: OutboundMessage[]): ButtonAction => {
  const label = translator.t("ru", "journey-forget-yes");
  for (const message of messages)
    for (const row of message.buttons ?? [])
      for (const button of row) if (button.label === label && "action" in button) return button.action;
  throw new Error("no yes button");
};

const exists = async (personId: number) =>
  (await database.db.selectFrom("person").select("id").where("id", "=", personId).executeTakeFirst()) !==
  undefined;

describe("/forget confirmation", () => {
  it("erases on a fresh yes", async () => {
    const anna = await person("7001");
    const yes = yesButton(await act(anna, { command: "forget" }));
    expect(yes.value).toMatch(/^yes:\d+$/);
    now = new Date(now.getTime() + 9 * 60_000);
    const replies = await act(anna, { action: yes });
    expect(replies.map((m) => m.text)).toContain(translator.t("ru", "journey-forget-done"));
    expect(await exists(anna.personId)).toBe(false);
  });

  it("refuses a yes older than ten minutes and offers a new confirmation", async () => {
    const boris = await person("7002");
    const yes = yesButton(await act(boris, { command: "forget" }));
    now = new Date(now.getTime() + 11 * 60_000);
    const replies = await act(boris, { action: yes });
    expect(replies[0]?.text).toBe(translator.t("ru", "journey-forget-expired", { minutes: 10 }));
    expect(await exists(boris.personId)).toBe(true);
    // The new button works.
    expect(await act(boris, { action: yesButton(replies) })).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: translator.t("ru", "journey-forget-done") })]),
    );
    expect(await exists(boris.personId)).toBe(false);
  });

  it("refuses a yes without an issue time (sent before buttons carried one)", async () => {
    const vera = await person("7003");
    const replies = await act(vera, { action: { type: "forget", value: "yes" } });
    expect(replies[0]?.text).toBe(translator.t("ru", "journey-forget-expired", { minutes: 10 }));
    expect(await exists(vera.personId)).toBe(true);
  });

  it("refuses a yes issued before the person existed: erased, joined again, tapped the old message", async () => {
    const old = await person("7004");
    const yes = yesButton(await act(old, { command: "forget" }));
    now = new Date(now.getTime() + 60_000);
    await act(old, { action: yes });
    expect(await exists(old.personId)).toBe(false);
    // The same account writes again: a new person, created after the button.
    const again = await person("7004");
    await database.db
      .updateTable("person")
      .set({ created_at: now })
      .where("id", "=", again.personId)
      .execute();
    expect(again.personId).not.toBe(old.personId);
    now = new Date(now.getTime() + 60_000);
    const replies = await act(again, { action: yes });
    expect(replies[0]?.text).toBe(translator.t("ru", "journey-forget-expired", { minutes: 10 }));
    expect(await exists(again.personId)).toBe(true);
  });

  it("keeps everything on no", async () => {
    const gleb = await person("7005");
    const replies = await act(gleb, { action: { type: "forget", value: "no" } });
    expect(replies[0]?.text).toBe(translator.t("ru", "journey-forget-cancelled"));
    expect(await exists(gleb.personId)).toBe(true);
  });
});
