import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { insertMeeting } from "../../src/meetings/meetings.repository.js";
import type { MeetingType } from "../../src/storage/tables.js";
import { createVkPerson } from "../support/channel-driver.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";
import { createFakeVkApi, type FakeVkApi } from "../support/fake-vk-api.js";
import { createTelegramPerson, seedCurator, seedParticipant } from "../support/chat-people.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";

/**
 * Meetings end to end, through the real grammY and vk-io clients against fake messenger APIs: a
 * mentor (Telegram) logs a regular meeting of a group (one mentee on Telegram, one on VK) from the
 * built-in check-in with its defaults, counting the taps; both mentees confirm it from the same
 * confirmation form on their channels, one saying it did not happen, which reaches the curator; /pair
 * shows each side and the curator what happened; the mentor corrects the date with a reason; the
 * clock reminds everyone the day before the next meeting; the final meeting opens the satisfaction
 * poll for both sides. The clock is the test's: the school is in Yekaterinburg (UTC+5).
 */

let now = new Date("2026-12-03T07:00:00Z"); // 12:00 in Yekaterinburg

let env: JourneyEnv;
let telegram: { fake: FakeTelegramApi; channel: TelegramChannel };
let vk: { fake: FakeVkApi; channel: VkChannel };

beforeAll(async () => {
  env = await createJourneyEnv({ clock: () => now });
  const codec = createPayloadCodec({ secret: "meetings-secret" });
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
});

afterAll(async () => {
  await telegram?.channel.stop();
  await vk?.channel.stop();
  await telegram?.fake.close();
  await vk?.fake.close();
  await env?.close();
});

describe("meetings in the chat", () => {
  it("logs, confirms on two channels, shows, corrects, reminds and closes with the satisfaction poll", async () => {
    const { db } = env.database;
    const tgUser = (firstName: string) => telegram.fake.user({ firstName, languageCode: "ru" });
    const curatorUser = tgUser("Ольга");
    const curator = createTelegramPerson(telegram.fake, curatorUser);
    await seedCurator(env, {
      name: "Ольга Куратор",
      channel: "telegram",
      externalId: String(curatorUser.id),
    });
    const mentorUser = tgUser("Марина");
    const mentor = createTelegramPerson(telegram.fake, mentorUser);
    const m = await seedParticipant(env, {
      name: "Марина Петровна",
      channel: "telegram",
      externalId: String(mentorUser.id),
      side: "mentor",
    });
    const annaUser = tgUser("Аня");
    const anna = createTelegramPerson(telegram.fake, annaUser);
    const a = await seedParticipant(env, {
      name: "Аня Смирнова",
      channel: "telegram",
      externalId: String(annaUser.id),
    });
    const borisUser = vk.fake.user({ firstName: "Борис", langId: 0 });
    const boris = createVkPerson(vk.fake, borisUser);
    const b = await seedParticipant(env, {
      name: "Борис Орлов",
      channel: "vk",
      externalId: String(borisUser.id),
    });

    // A confirmed group pair that has had its first, trial and planning meetings, online, 45 minutes.
    const { id: pairId } = await db
      .insertInto("pair")
      .values({
        program_id: env.programId,
        mentor_participant_id: m.participantId,
        status: "confirmed",
        confirmed_at: new Date("2026-11-01T06:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pair_mentee")
      .values([a, b].map((x) => ({ pair_id: pairId, mentee_participant_id: x.participantId })))
      .execute();
    const { id: oldSession } = await db
      .insertInto("form_session")
      .values({
        person_id: m.personId,
        program_id: env.programId,
        form_key: "meeting_checkin",
        form_version: 2,
        subject_key: "seeded",
        status: "submitted",
        state: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const earlier: [MeetingType, string][] = [
      ["first", "2026-11-05"],
      ["trial", "2026-11-12"],
      ["planning", "2026-11-19"],
    ];
    for (const [type, heldOn] of earlier) {
      await insertMeeting(db, {
        pairId,
        type,
        heldOn,
        format: "online",
        lengthMinutes: 45,
        topicCodes: ["goals"],
        topics: null,
        nextOn: null,
        loggedByPersonId: m.personId,
        formSessionId: oldSession,
        attended: [a.participantId, b.participantId],
        menteeIds: [a.participantId, b.participantId],
        now,
      });
    }

    // A mentee logs nothing: the command says who does.
    await anna.send("/meeting");
    await anna.expectMessage("Встречи отмечает наставник");

    // The regular meeting, as usual: six taps, nothing typed.
    mentor.taps = 0;
    await mentor.send("/meeting");
    const lead = await mentor.expectMessage("Обычные ответы уже заполнены");
    expect(lead).toContain("3 декабря, рабочая, онлайн, 45 мин");
    await mentor.expectMessage("Что обсуждали и делали?");
    await mentor.press("Учёба, предметы");
    await mentor.expectMessage("✅ Учёба, предметы");
    await mentor.press("Готово");
    await mentor.expectMessage("Что-то добавить о встрече?");
    await mentor.press("Пропустить");
    await mentor.expectMessage("Когда следующая встреча?");
    await mentor.press("Через неделю");
    const summary = await mentor.expectMessage("Отправить");
    expect(summary).toContain("Аня Смирнова, Борис Орлов");
    await mentor.press("Отправить");
    await mentor.expectMessage("Спасибо");
    expect({ taps: mentor.taps, typed: mentor.typed }).toEqual({ taps: 6, typed: 0 });

    const regular = await db
      .selectFrom("meeting")
      .select(["id", "type", "held_on", "format", "length_minutes", "topic_codes", "next_on"])
      .where("pair_id", "=", pairId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(regular).toMatchObject({
      type: "regular",
      held_on: "2026-12-03",
      format: "online",
      length_minutes: 45,
      topic_codes: ["study"],
      next_on: "2026-12-10",
    });

    // Each mentee confirms from the same form on their own channel; Борис says it did not happen.
    await anna.expectMessage("Марина Петровна отметил(а) встречу с вами: 3 декабря, рабочая");
    await anna.press("Подтвердить встречу");
    await anna.expectMessage("Встреча действительно была?");
    await anna.press("Да");
    await anna.expectMessage("Насколько");
    await anna.press("5");
    await anna.expectMessage("Хотите что-то добавить о встрече?");
    await anna.press("Пропустить");
    await anna.expectMessage("куратор программы с вами связался");
    await anna.press("Нет");
    await anna.expectMessage("Отправить");
    await anna.press("Отправить");
    await anna.expectMessage("Спасибо");
    await boris.expectMessage("Марина Петровна отметил(а) встречу с вами");
    await boris.press("Подтвердить встречу");
    await boris.expectMessage("Встреча действительно была?");
    await boris.press("Нет");
    await boris.expectMessage("Хотите что-то добавить о встрече?");
    await boris.press("Пропустить");
    await boris.expectMessage("куратор программы с вами связался");
    await boris.press("Нет");
    await boris.expectMessage("Отправить");
    await boris.press("Отправить");
    await boris.expectMessage("Спасибо");
    const disputed = await curator.expectMessage("Расхождение");
    expect(disputed).toContain("Борис Орлов не подтверждает встречу, которую отметил(а) Марина Петровна");
    const confirmations = await db
      .selectFrom("meeting_confirmation")
      .select(["participant_id as id", "happened", "usefulness"])
      .where("meeting_id", "=", regular.id)
      .orderBy("participant_id")
      .execute();
    expect(confirmations).toEqual([
      { id: a.participantId, happened: true, usefulness: 5 },
      { id: b.participantId, happened: false, usefulness: null },
    ]);

    // /pair: the mentor sees the disagreement, Аня her own answer, the curator every pair's last meeting.
    await mentor.send("/pair");
    const mentorView = await mentor.expectMessage("Ваши наставляемые: Аня Смирнова, Борис Орлов");
    expect(mentorView).toContain("3 декабря, рабочая, онлайн, 45 мин — ❗ Борис Орлов: встречи не было");
    expect(mentorView).toContain("19 ноября, планирование");
    expect(mentorView).toContain("Следующая встреча: 10 декабря");
    await anna.send("/pair");
    const annaView = await anna.expectMessage("Ваш наставник: Марина Петровна");
    expect(annaView).toContain("3 декабря, рабочая, онлайн, 45 мин — ✅ вы подтвердили");
    await curator.send("/pair");
    const overview = await curator.expectMessage("Встречи пар в программе");
    expect(overview).toContain("Марина Петровна — Аня Смирнова, Борис Орлов: последняя встреча 3 декабря");
    expect(overview).toContain("Борис Орлов: встречи не было");

    // The mentor corrects the date (it was yesterday), giving the reason first.
    now = new Date("2026-12-03T10:00:00Z");
    await mentor.send("/pair");
    await mentor.press("Исправить встречу 3 декабря");
    await mentor.expectMessage("Почему нужно исправить встречу");
    await mentor.press("Не та дата");
    await mentor.expectMessage("Исправьте нужные ответы");
    await mentor.expectMessage("Что-то добавить о встрече?");
    await mentor.press("Пропустить");
    await mentor.expectMessage("Исправить 2");
    await mentor.press("Исправить 2");
    await mentor.expectMessage("Когда была встреча?");
    await mentor.press("Вчера");
    await mentor.expectMessage(/2\. Когда была встреча\?\n\s+→ 2 декабря[\s\S]*Отправить/);
    await mentor.press("Отправить");
    await mentor.expectMessage("Спасибо");
    const corrected = await db
      .selectFrom("meeting")
      .select(["held_on", "edit_reason", "type"])
      .where("id", "=", regular.id)
      .executeTakeFirstOrThrow();
    expect(corrected).toEqual({ held_on: "2026-12-02", edit_reason: "date", type: "regular" });
    expect(await db.selectFrom("meeting").select("id").where("pair_id", "=", pairId).execute()).toHaveLength(
      4,
    );

    // The day before the next meeting, at 17:00 in Yekaterinburg, both sides are reminded on their channels.
    await env.meetings.tick(db, new Date("2026-12-09T11:59:00Z"));
    await env.meetings.tick(db, new Date("2026-12-09T12:00:00Z"));
    const reminder = await mentor.expectMessage(
      "Напоминание: 10 декабря встреча. Участники: Аня Смирнова, Борис Орлов",
    );
    expect(reminder).toContain("Отметить встречу");
    await anna.expectMessage("Напоминание: 10 декабря встреча. Участники: Марина Петровна, Борис Орлов");
    await boris.expectMessage("Напоминание: 10 декабря встреча. Участники: Марина Петровна, Аня Смирнова");
    await env.meetings.tick(db, new Date("2026-12-09T12:01:00Z"));
    const reminders = await db
      .selectFrom("delivery")
      .select("person_id")
      .where("kind", "=", "meeting.reminder")
      .execute();
    expect(reminders).toHaveLength(3);

    // A check-in begun one day and left is not resumed with that day's defaults the next day.
    now = new Date("2026-12-09T07:00:00Z");
    await mentor.send("/meeting");
    expect(await mentor.expectMessage("Обычные ответы уже заполнены")).toContain("9 декабря, рабочая");

    // A week on, the meeting can no longer be changed from the chat.
    now = new Date("2026-12-10T12:00:00Z");
    await mentor.send("/pair");
    const later = await mentor.expectMessage("Ваши наставляемые");
    expect(later).not.toContain("Исправить встречу");
    await mentor.press("Исправить встречу 3 декабря");
    await mentor.expectMessage("только в течение 3 дней");

    // The final meeting: the mentor changes the type on the summary; both sides get the final poll.
    await mentor.send("/meeting");
    expect(await mentor.expectMessage("Обычные ответы уже заполнены")).toContain("10 декабря, рабочая");
    await mentor.press("Цели и план");
    await mentor.expectMessage("✅ Цели и план");
    await mentor.press("Готово");
    await mentor.expectMessage("Что-то добавить о встрече?");
    await mentor.press("Пропустить");
    await mentor.expectMessage("Когда следующая встреча?");
    await mentor.press("Пропустить");
    await mentor.expectMessage("Исправить 1");
    await mentor.press("Исправить 1");
    await mentor.expectMessage("Какая это была встреча?");
    await mentor.press("Заключительная");
    await mentor.expectMessage(/1\. Какая это была встреча\?\n\s+→ Заключительная[\s\S]*Отправить/);
    await mentor.press("Отправить");
    await mentor.expectMessage("Заключительная встреча в программе «Учитель — ученик» отмечена");
    await boris.expectMessage("Заключительная встреча в программе «Учитель — ученик» отмечена");
    await boris.press("Пройти итоговый опрос");
    await boris.expectMessage("Итоги программы");
    const polls = await db
      .selectFrom("delivery")
      .select("person_id as personId")
      .where("kind", "=", "meeting.final-poll")
      .orderBy("person_id")
      .execute();
    expect(polls.map((p) => p.personId)).toEqual([m.personId, a.personId, b.personId].sort((x, y) => x - y));

    // Logged twice by mistake? The mentor withdraws it with the reason; it stays on record, uncounted.
    await mentor.send("/pair");
    await mentor.expectMessage("10 декабря, заключительная");
    await mentor.press("Удалить встречу 10 декабря");
    await mentor.expectMessage("Почему нужно удалить встречу");
    await mentor.press("Отмечена дважды");
    await mentor.expectMessage("Встреча удалена: 10 декабря, заключительная");
    const withdrawn = await db
      .selectFrom("meeting")
      .select(["delete_reason", "changed_by_person_id as by"])
      .where("pair_id", "=", pairId)
      .where("deleted_at", "is not", null)
      .execute();
    expect(withdrawn).toEqual([{ delete_reason: "duplicate", by: m.personId }]);
    await anna.send("/pair");
    const after = await anna.expectMessage("Ваш наставник: Марина Петровна");
    expect(after).not.toContain("заключительная");
  });
  it("pages the curator's overview of a large programme, silent pairs counted from their confirmation", async () => {
    const { db } = env.database;
    const curatorUser = telegram.fake.user({ firstName: "Елена", languageCode: "ru" });
    const curator = createTelegramPerson(telegram.fake, curatorUser);
    await seedCurator(env, {
      name: "Елена Куратор",
      channel: "telegram",
      externalId: String(curatorUser.id),
    });
    for (let i = 1; i <= 11; i++) {
      const mentor = await seedParticipant(env, {
        name: `Я-наставник ${String(i).padStart(2, "0")}`,
        channel: "console",
        externalId: `pm${i}`,
        side: "mentor",
      });
      const mentee = await seedParticipant(env, {
        name: `Ученик ${i}`,
        channel: "console",
        externalId: `pe${i}`,
      });
      const { id } = await db
        .insertInto("pair")
        .values({
          program_id: env.programId,
          mentor_participant_id: mentor.participantId,
          status: "confirmed",
          confirmed_at: new Date("2026-11-20T06:00:00Z"),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("pair_mentee")
        .values({ pair_id: id, mentee_participant_id: mentee.participantId })
        .execute();
    }
    now = new Date("2026-12-11T07:00:00Z");
    await curator.send("/pair");
    const first = await curator.expectMessage("Страница 1 из 2");
    expect(first).toContain(
      "Марина Петровна — Аня Смирнова, Борис Орлов: последняя встреча 2 декабря, рабочая",
    );
    expect(first).not.toContain("Я-наставник 11");
    await curator.press("Дальше →");
    const second = await curator.expectMessage("Страница 2 из 2");
    expect(second).toContain("Я-наставник 11 — Ученик 11: встреч не было, пара утверждена 21 день назад");
    expect(second).toContain("← Назад");
  });
});
