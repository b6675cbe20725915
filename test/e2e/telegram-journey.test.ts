import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTelegramDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";
import { EXPECTED_MENTEE_ANSWERS, runMenteeJourney } from "../support/journey-scenario.js";

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

async function telegramUser(options: { languageCode?: string } = {}) {
  const driver = await createTelegramDriver(env, options);
  opened.push(driver);
  return driver;
}

const t = (key: string) => env.translator.t("ru", key);

/** Takes a person through onboarding to the first question of the entry questionnaire. */
async function onboard(user: Awaited<ReturnType<typeof telegramUser>>, code = env.menteeCode) {
  await user.send(`/start ${code}`);
  await user.press(t("journey-language-name"));
  await user.expectMessage(t("journey-age-question"));
  await user.press(t("journey-age-adult"));
  await user.expectMessage("152-ФЗ");
  await user.press(t("journey-consent-agree"));
  await user.expectMessage(t("journey-name-question"));
  await user.send("Анна");
  await user.expectMessage(t("form-mentee-entry-pupil-grade"));
}

/** The person's stored name, consents and participation statuses. */
async function stored(personId: number) {
  const person = await env.database.db
    .selectFrom("person")
    .select("display_name")
    .where("id", "=", personId)
    .executeTakeFirstOrThrow();
  const consents = await env.database.db
    .selectFrom("consent")
    .select(["kind", "given_by"])
    .where("person_id", "=", personId)
    .orderBy("id")
    .execute();
  const participants = await env.database.db
    .selectFrom("participant")
    .select("status")
    .where("person_id", "=", personId)
    .execute();
  return { name: person.display_name, consents, statuses: participants.map((p) => p.status) };
}

describe("the Telegram journey end to end", () => {
  it("survives a restart of the bot in the middle of a form and finishes with the same answers", async () => {
    const user = await telegramUser();
    const { answers } = await runMenteeJourney(env, user, { restartMidForm: true });
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
  });

  it("takes a redelivered update once: the invite is spent once and answered once", async () => {
    const code = await env.invite({ maxUses: 5 });
    const user = await telegramUser();
    const update = user.fake.sendText(user.user, `/start ${code}`);
    await user.expectMessage(t("journey-language-question"));
    await user.fake.waitForConfirmed();
    user.fake.enqueue(update);
    await user.fake.waitForConfirmed();
    // Something after the redelivery proves the bot went on past it.
    await user.send("/help");
    await user.expectMessage("/forms");
    const joined = user.fake.callsTo(
      "sendMessage",
      (c) =>
        Number(c.payload.chat_id) === user.user.id && String(c.payload.text).includes("Учитель — ученик"),
    );
    expect(joined).toHaveLength(1);
    const invite = await env.database.db
      .selectFrom("invite")
      .select("uses")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(invite.uses).toBe(1);
  });

  it("answers a stale button harmlessly and keeps the answer given", async () => {
    const user = await telegramUser();
    await onboard(user, await env.invite());
    // A copy: answering edits the message in place and takes its buttons away.
    const gradeMessage = structuredClone(user.fake.chatMessages(user.user.id).at(-1)!);
    await user.press(t("form-mentee-entry-pupil-grade-9"));
    await user.expectMessage(t("form-mentee-entry-pupil-needs"));
    // A press on the grade question's old buttons that crossed the edit (an old client, a slow
    // network): "7 класс" there.
    const old = gradeMessage.reply_markup!.inline_keyboard.flat().find((b) => b.text.endsWith("7 класс"))!;
    user.fake.pressButton(user.user, (old as { callback_data: string }).callback_data, {
      messageId: gradeMessage.message_id,
    });
    await user.expectMessage(t("form-mentee-entry-pupil-needs"));
    const answers = await env.database.db
      .selectFrom("answer")
      .innerJoin("form_session", "form_session.id", "answer.form_session_id")
      .select(["answer.question_key", "answer.value"])
      .where("form_session.person_id", "=", await user.personId())
      .execute();
    expect(answers).toEqual([{ question_key: "grade", value: "9" }]);
  });

  it("refuses a forged callback payload without changing anything", async () => {
    const user = await telegramUser();
    await onboard(user, await env.invite());
    const before = user.fake.calls.length;
    const answersBefore = await env.database.db.selectFrom("answer").select("id").execute();
    user.fake.pressButton(user.user, "1AAAAAAAAfc|1|grade|8");
    await user.fake.waitForCall("answerCallbackQuery", () => true, { since: before });
    await user.fake.waitForConfirmed();
    expect(
      user.fake.calls
        .slice(before)
        .filter((c) => c.method === "sendMessage" || c.method === "editMessageText"),
    ).toEqual([]);
    expect(await env.database.db.selectFrom("answer").select("id").execute()).toEqual(answersBefore);
  });

  it("keeps a minor's account limited until a parent consents through the link", async () => {
    const child = await telegramUser();
    await child.send(`/start ${await env.invite()}`);
    await child.press(t("journey-language-name"));
    // The age comes first, and a minor is never asked for their own consent: the parent gives it.
    await child.expectMessage(t("journey-age-question"));
    await child.press(t("journey-age-minor"));
    await child.expectMessage(t("journey-name-question"));
    await child.send("Петя");
    const request = await child.expectMessage(/https:\/\/t\.me\/nastavnik_test_bot\?start=P[0-9A-Z]{12}/);
    const parentCode = /start=(P[0-9A-Z]{12})/.exec(request)![1]!;
    const childId = await child.personId();
    expect(
      child.fake
        .chatMessages(child.user.id)
        .map((m) => m.text)
        .join("\n"),
    ).not.toContain("152-ФЗ");
    expect((await stored(childId)).consents).toEqual([]);

    // Limited: typing does not open any questionnaire, and the participation waits.
    await child.send("Хочу анкету");
    await child.expectMessage(parentCode);
    const sessions = await env.database.db
      .selectFrom("form_session")
      .select("id")
      .where("person_id", "=", childId)
      .execute();
    expect(sessions).toEqual([]);
    const waiting = await env.database.db
      .selectFrom("participant")
      .select("status")
      .where("person_id", "=", childId)
      .executeTakeFirstOrThrow();
    expect(waiting.status).toBe("pending_consent");

    // The parent opens the link in the same bot (another Telegram user) and consents.
    const parentUser = child.fake.user({ firstName: "Ольга" });
    child.fake.sendText(parentUser, `/start ${parentCode}`);
    await child.fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === parentUser.id);
    const consentMessage = child.fake.chatMessages(parentUser.id).at(-1)!;
    const agree = consentMessage.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string };
    const mark = child.fake.calls.length;
    child.fake.pressButton(parentUser, agree.callback_data, { messageId: consentMessage.message_id });
    await child.fake.waitForCall(
      "sendMessage",
      (c) =>
        Number(c.payload.chat_id) === child.user.id &&
        String(c.payload.text) === t("journey-parent-consented"),
      { since: mark },
    );
    const consent = await env.database.db
      .selectFrom("consent")
      .select(["given_by", "given_by_person_id"])
      .where("person_id", "=", childId)
      .where("kind", "=", "parental")
      .executeTakeFirstOrThrow();
    expect(consent.given_by).toBe("parent");
    expect(consent.given_by_person_id).not.toBe(childId);
    // Active in the parent's transaction, before the child writes again: reminders reach the child.
    expect(await stored(childId)).toMatchObject({
      consents: [{ kind: "parental", given_by: "parent" }],
      statuses: ["active"],
    });

    // The child goes on to the questionnaire.
    await child.press(t("journey-continue"));
    await child.expectMessage(t("form-mentee-entry-pupil-grade"));
    const active = await env.database.db
      .selectFrom("participant")
      .select("status")
      .where("person_id", "=", childId)
      .executeTakeFirstOrThrow();
    expect(active.status).toBe("active");
  });

  it("lets a curator record a parent's paper consent, and only for their own organisation's minors", async () => {
    const child = await telegramUser();
    await child.send(`/start ${await env.invite()}`);
    await child.press(t("journey-language-name"));
    await child.press(t("journey-age-minor"));
    await child.expectMessage(t("journey-name-question"));
    await child.send("Маша");
    await child.expectMessage(/start=P/);
    const childId = await child.personId();

    // A minor still waiting for consent gets the parent link again, not the curators' command.
    await child.send("/consents");
    await child.expectMessage(/start=P/);

    const curatorCode = "CVRAT0R00001";
    await env.database.db
      .insertInto("invite")
      .values({
        code: curatorCode,
        organisation_id: env.organisationId,
        role: "curator",
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    const curator = child.fake.user({ firstName: "Елена" });
    const say = async (text: string, expected: string) => {
      const mark = child.fake.calls.length;
      child.fake.sendText(curator, text);
      return child.fake.waitForCall(
        "sendMessage",
        (c) => Number(c.payload.chat_id) === curator.id && String(c.payload.text).includes(expected),
        { since: mark },
      );
    };
    const tap = async (label: string, expectedFor: number, expected: string) => {
      const withButton = () =>
        [...child.fake.chatMessages(curator.id)]
          .reverse()
          .find((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text.endsWith(label)));
      await vi.waitFor(() => expect(withButton()).toBeDefined(), { timeout: 10_000 });
      const message = withButton()!;
      const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text.endsWith(label)) as {
        callback_data: string;
      };
      const mark = child.fake.calls.length;
      child.fake.pressButton(curator, button.callback_data, { messageId: message.message_id });
      return child.fake.waitForCall(
        "sendMessage",
        (c) => Number(c.payload.chat_id) === expectedFor && String(c.payload.text).includes(expected),
        { since: mark },
      );
    };
    await say(`/start ${curatorCode}`, "«Школа № 7»");
    // The curator's chat gets the curator's command menu; everyone else keeps the short one.
    const menu = await child.fake.waitForCall(
      "setMyCommands",
      (c) => (c.payload.scope as { chat_id?: number } | undefined)?.chat_id === curator.id,
    );
    expect((menu.payload.commands as { command: string }[]).map((c) => c.command)).toContain("consents");
    // A curator is not asked the age: they act for their organisation as an adult.
    await tap(t("journey-language-name"), curator.id, "152-ФЗ");
    await tap(t("journey-consent-agree"), curator.id, t("journey-name-question"));
    await say("Елена Викторовна", "Елена Викторовна");
    await say("/consents", t("journey-paper-list"));
    await tap("Маша — Учитель — ученик", child.user.id, t("journey-parent-consented"));
    const consent = await env.database.db
      .selectFrom("consent")
      .select(["given_by"])
      .where("person_id", "=", childId)
      .where("kind", "=", "parental")
      .execute();
    expect(consent).toEqual([{ given_by: "curator" }]);
    // The paper consent activates the child's participation at once.
    expect((await stored(childId)).statuses).toEqual(["active"]);
    await say("/consents", t("journey-paper-none"));
  });

  it("cleans a typed name like an answer: a NUL byte is dropped, an invisible name is asked again", async () => {
    const user = await telegramUser();
    await user.send(`/start ${await env.invite()}`);
    await user.press(t("journey-language-name"));
    await user.press(t("journey-age-adult"));
    await user.press(t("journey-consent-agree"));
    await user.expectMessage(t("journey-name-question"));
    // Zero-width space, zero-width joiner, word joiner, byte-order mark and a Hangul filler: nothing to see.
    await user.send("\u200b\u200d\u2060\ufeff\u3164");
    await user.expectMessage(t("journey-name-invalid"));
    const personId = await user.personId();
    expect((await stored(personId)).name).toBeNull();
    await user.send("Ан\u0000на");
    await user.expectMessage(/Приятно познакомиться, Анна!/);
    await user.expectMessage(t("form-mentee-entry-pupil-grade"));
    expect((await stored(personId)).name).toBe("Анна");
  });

  it("gives a curator who chooses English an English command menu in their chat", async () => {
    const code = "CVRAT0REN001";
    await env.database.db
      .insertInto("invite")
      .values({
        code,
        organisation_id: env.organisationId,
        role: "curator",
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    const curator = await telegramUser();
    await curator.send(`/start ${code}`);
    await curator.expectMessage(t("journey-language-question"));
    const mark = curator.fake.calls.length;
    await curator.press(env.translator.t("en", "journey-language-name"));
    const menu = await curator.fake.waitForCall(
      "setMyCommands",
      (c) => (c.payload.scope as { chat_id?: number } | undefined)?.chat_id === curator.user.id,
      { since: mark },
    );
    const commands = menu.payload.commands as { command: string; description: string }[];
    expect(commands.find((c) => c.command === "forms")?.description).toBe(
      env.translator.t("en", "command-forms"),
    );
    expect(commands.map((c) => c.command)).toContain("consents");
  });

  it("gives a limited invite's seat back when the person declines consent", async () => {
    const code = await env.invite({ maxUses: 1 });
    const declining = await telegramUser();
    await declining.send(`/start ${code}`);
    await declining.press(t("journey-language-name"));
    await declining.press(t("journey-age-adult"));
    await declining.expectMessage("152-ФЗ");
    await declining.press(t("journey-consent-decline"));
    await declining.expectMessage(t("journey-consent-declined"));
    expect((await stored(await declining.personId())).statuses).toEqual([]);

    // The one seat is free for the next person, who takes it.
    const next = await telegramUser();
    await next.send(`/start ${code}`);
    await next.expectMessage("Учитель — ученик");
    const invite = await env.database.db
      .selectFrom("invite")
      .select("uses")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(invite.uses).toBe(1);
  });

  it("explains how to get an invite to someone who has none, in their language", async () => {
    const user = await telegramUser({ languageCode: "en" });
    await user.send("/start");
    await user.expectMessage(env.translator.t("en", "journey-language-question"));
    await user.press(env.translator.t("en", "journey-language-name"));
    await user.press(env.translator.t("en", "journey-age-adult"));
    await user.press(env.translator.t("en", "journey-consent-agree"));
    await user.send("Ann");
    await user.expectMessage(env.translator.t("en", "journey-welcome-no-invite"));
    await user.send("/start NOSUCHCODE12");
    await user.expectMessage(env.translator.t("en", "journey-invite-unknown"));
  });
});
