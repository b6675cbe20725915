import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { createOutboxSender, type OutboxSender } from "../../src/outbox/outbox-sender.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { createRoadmapReminders, type RoadmapReminders } from "../../src/roadmap/reminders.js";
import { copyTemplate } from "../../src/roadmap/roadmap.repository.js";
import { createVkPerson, type PersonActions } from "../support/channel-driver.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";
import { createFakeVkApi, type FakeVkApi } from "../support/fake-vk-api.js";
import { createTelegramPerson, seedCurator, seedParticipant } from "../support/chat-people.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";

/**
 * A roadmap stage end to end, through the real grammY and vk-io clients against fake messenger APIs:
 * the clock opens the interim feedback stage, the reminder reaches a mentee on Telegram and a mentor
 * on VK with its button, the button starts the form, the answers are stored and no nudge follows;
 * whoever did not answer is nudged. The curator moves the stage from /roadmap; a participant mutes
 * the nudges from /settings.
 */

let env: JourneyEnv;
let telegram: { fake: FakeTelegramApi; channel: TelegramChannel };
let vk: { fake: FakeVkApi; channel: VkChannel };
let reminders: RoadmapReminders;
/** The test's clock, months ahead of the wall clock: the reminders are due on it, so it sends them. */
let now = new Date("2027-03-01T05:00:00Z");
let sender: OutboxSender;

beforeAll(async () => {
  env = await createJourneyEnv();
  const codec = createPayloadCodec({ secret: "roadmap-secret" });
  const tgFake = await createFakeTelegramApi({ firstUpdateId: 81_000_000, firstUserId: 81_000_000 });
  const tgChannel = createTelegramChannel({
    token: tgFake.token,
    apiRoot: tgFake.apiRoot,
    botInfo: tgFake.botInfo,
    db: env.database.db,
    translator: env.translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling", timeoutSeconds: 1 },
    pipeline: env.hub.pipeline,
  });
  await tgChannel.start();
  telegram = { fake: tgFake, channel: tgChannel };
  const vkFake = await createFakeVkApi({ firstUserId: 82_000_000 });
  const vkChannel = createVkChannel({
    token: vkFake.token,
    groupId: vkFake.groupId,
    apiRoot: vkFake.apiRoot,
    db: env.database.db,
    translator: env.translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling", retryDelayMs: 20 },
    pipeline: env.hub.pipeline,
  });
  await vkChannel.start();
  vk = { fake: vkFake, channel: vkChannel };
  sender = createOutboxSender({
    db: env.database.db,
    messenger: (channel) => env.hub.pipeline.messenger(channel),
    channels: ["telegram", "vk", "console"],
    idleMs: 50,
    clock: () => now,
  });
  sender.start();
  reminders = createRoadmapReminders({
    translator: env.translator,
    notify: (db, notice) => notifyPerson(db, notice, { defaultTimeZone: "Europe/Moscow" }),
  });
});

afterAll(async () => {
  await sender?.stop();
  await telegram?.channel.stop();
  await vk?.channel.stop();
  await telegram?.fake.close();
  await vk?.fake.close();
  await env?.close();
});

describe("a roadmap stage in the chat", () => {
  it("opens, reaches both channels with its button, the form is answered, and only the silent are nudged", async () => {
    const { db } = env.database;
    const [stage] = await copyTemplate(db, {
      programId: env.programId,
      academicYear: "2026/2027",
      template: {
        key: "e2e",
        nudge: { afterDays: 2, limit: 2 },
        stages: [
          {
            key: "feedback",
            audience: "all",
            action: "form",
            form: "interim_feedback",
            opens: "03-01",
            closes: "03-20",
          },
        ],
      },
      titles: { feedback: { ru: "Промежуточная обратная связь", en: "Interim feedback" } },
    });
    const menteeUser = telegram.fake.user({ firstName: "Аня", languageCode: "ru" });
    const mentee = createTelegramPerson(telegram.fake, menteeUser);
    const menteeId = (
      await seedParticipant(env, {
        name: "Аня Смирнова",
        channel: "telegram",
        externalId: String(menteeUser.id),
      })
    ).personId;
    const mentorUser = vk.fake.user({ firstName: "Игорь", langId: 0 });
    const mentor = createVkPerson(vk.fake, mentorUser);
    const mentorId = (
      await seedParticipant(env, {
        name: "Игорь Иванович",
        channel: "vk",
        externalId: String(mentorUser.id),
        side: "mentor",
      })
    ).personId;
    const silentUser = vk.fake.user({ firstName: "Вера", langId: 0 });
    const silent = createVkPerson(vk.fake, silentUser);
    const silentId = (
      await seedParticipant(env, { name: "Вера Лис", channel: "vk", externalId: String(silentUser.id) })
    ).personId;
    const curatorUser = telegram.fake.user({ firstName: "Ольга", languageCode: "ru" });
    const curator = createTelegramPerson(telegram.fake, curatorUser);
    await seedCurator(env, {
      name: "Ольга Куратор",
      channel: "telegram",
      externalId: String(curatorUser.id),
    });

    // 1 March 2027, 10:00 in Yekaterinburg (UTC+5), the school's zone.
    await reminders.tick(db, now);
    sender.poke();

    const answer = async (person: PersonActions) => {
      await person.expectMessage("Промежуточная обратная связь");
      await person.press("Заполнить анкету");
      await person.expectMessage("Как идёт");
      await person.press("8");
      await person.expectMessage("Вопрос 2 из 4");
      await person.press("Пропустить");
      await person.expectMessage("Вопрос 3 из 4");
      await person.press("Пропустить");
      await person.expectMessage("Вопрос 4 из 4");
      await person.press("Нет");
      await person.expectMessage("Отправить");
      await person.press("Отправить");
      await person.expectMessage("Спасибо");
    };
    await answer(mentee);
    await answer(mentor);
    await silent.expectMessage("Промежуточная обратная связь");

    const stored = await db
      .selectFrom("answer")
      .innerJoin("form_session", "form_session.id", "answer.form_session_id")
      .select(["form_session.person_id as personId", "answer.value"])
      .where("form_session.form_key", "=", "interim_feedback")
      .where("answer.question_key", "=", "how_it_goes")
      .where("form_session.status", "=", "submitted")
      .orderBy("form_session.person_id")
      .execute();
    expect(stored).toEqual([
      { personId: menteeId, value: 8 },
      { personId: mentorId, value: 8 },
    ]);

    // Two days later: only Вера, who did not answer, is nudged.
    now = new Date("2027-03-03T05:00:00Z");
    await reminders.tick(db, now);
    sender.poke();
    await silent.expectMessage("Напоминание 1 из 2");
    const nudges = await db
      .selectFrom("delivery")
      .select("person_id")
      .where("kind", "=", "roadmap.nudge")
      .execute();
    expect(nudges.map((n) => n.person_id)).toEqual([silentId]);

    // A second press of the old button does not start the form again.
    await mentee.press("Заполнить анкету");
    await mentee.expectMessage("уже заполнена");

    // The curator moves the stage a week later from the chat.
    await curator.send("/roadmap");
    const view = await curator.expectMessage("Дорожная карта «Учитель — ученик»");
    expect(view).toContain("Тихие часы 21:00-09:00; повторные напоминания каждые 2 дн., не больше 2 раз");
    await curator.press("Перенести этап");
    await curator.press("1. Промежуточная обратная связь");
    await curator.press("на 7 дн. →");
    await curator.expectMessage("теперь идёт");
    const moved = await db
      .selectFrom("roadmap_stage")
      .select(["opens_on", "closes_on"])
      .where("id", "=", stage!.id)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ opens_on: "2027-03-08", closes_on: "2027-03-27" });

    // A participant may not touch the roadmap, and mutes the nudges from /settings.
    await silent.send("/roadmap");
    await silent.expectMessage("для кураторов");
    await silent.send("/settings");
    await silent.expectMessage("Напоминания включены");
    await silent.press("Отключить повторные напоминания");
    await silent.expectMessage("отключены");
    const { reminders_muted } = await db
      .selectFrom("person")
      .select("reminders_muted")
      .where("id", "=", silentId)
      .executeTakeFirstOrThrow();
    expect(reminders_muted).toBe(true);
    // Typed, for clients without buttons.
    await silent.send("/settings on");
    await silent.expectMessage("Напоминания включены");
    const after = await db
      .selectFrom("person")
      .select("reminders_muted")
      .where("id", "=", silentId)
      .executeTakeFirstOrThrow();
    expect(after.reminders_muted).toBe(false);
  });

  it("a meeting stage's button opens the mentor's check-in", async () => {
    const { db } = env.database;
    const [stage] = await copyTemplate(db, {
      programId: env.programId,
      academicYear: "2026/2027",
      template: {
        key: "e2e_meeting",
        stages: [
          {
            key: "first_meeting",
            audience: "mentors",
            action: "meeting",
            meeting: "first",
            opens: "04-01",
            closes: "04-20",
          },
        ],
      },
      titles: { first_meeting: { ru: "Первая встреча пары", en: "The pair's first meeting" } },
    });
    const mentorUser = vk.fake.user({ firstName: "Пётр", langId: 0 });
    const mentor = createVkPerson(vk.fake, mentorUser);
    const mentorId = (
      await seedParticipant(env, {
        name: "Пётр Ильич",
        channel: "vk",
        externalId: String(mentorUser.id),
        side: "mentor",
      })
    ).personId;
    const menteeUser = telegram.fake.user({ firstName: "Лиза", languageCode: "ru" });
    const menteeId = (
      await seedParticipant(env, {
        name: "Лиза Ким",
        channel: "telegram",
        externalId: String(menteeUser.id),
      })
    ).personId;
    const participant = async (personId: number) =>
      (
        await db
          .selectFrom("participant")
          .select("id")
          .where("person_id", "=", personId)
          .executeTakeFirstOrThrow()
      ).id;
    const { id: pairId } = await db
      .insertInto("pair")
      .values({
        program_id: env.programId,
        mentor_participant_id: await participant(mentorId),
        status: "confirmed",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pair_mentee")
      .values({ pair_id: pairId, mentee_participant_id: await participant(menteeId) })
      .execute();

    now = new Date("2027-04-01T05:00:00Z");
    await reminders.tick(db, now);
    sender.poke();
    await mentor.expectMessage("Первая встреча пары");
    await mentor.press("Отметить встречу");
    await mentor.expectMessage("Отметка о встрече");
    const reminded = await db
      .selectFrom("delivery")
      .select("person_id")
      .where("dedupe_key", "like", `roadmap:${env.programId}:${stage!.id}:%`)
      .execute();
    expect(reminded.map((r) => r.person_id)).toEqual([mentorId]);
  });
});
