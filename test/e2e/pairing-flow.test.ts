import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { createVkPerson, type PersonActions } from "../support/channel-driver.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";
import { createFakeVkApi, type FakeVkApi } from "../support/fake-vk-api.js";
import { createTelegramPerson, seedCurator, seedParticipant, waitFor } from "../support/chat-people.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";

/**
 * Forming pairs end to end, through the real grammY and vk-io clients against fake messenger APIs:
 * the curator (Telegram) records a group meeting, the poll reaches those present on Telegram and VK
 * through the outbox, they rank each other, the curator closes the poll, edits the proposal and
 * confirms it, and every side is told who their partner is.
 */

let env: JourneyEnv;
let telegram: { fake: FakeTelegramApi; channel: TelegramChannel };
let vk: { fake: FakeVkApi; channel: VkChannel };

beforeAll(async () => {
  env = await createJourneyEnv();
  const codec = createPayloadCodec({ secret: "pairing-secret" });
  const tgFake = await createFakeTelegramApi({ firstUpdateId: 71_000_000, firstUserId: 71_000_000 });
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
  const vkFake = await createFakeVkApi({ firstUserId: 72_000_000 });
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

describe("forming pairs in the chat", () => {
  it("goes from the group meeting to confirmed pairs, and tells everyone", async () => {
    const tgUser = (firstName: string) => telegram.fake.user({ firstName, languageCode: "ru" });
    const vkUser = (firstName: string) => vk.fake.user({ firstName, langId: 0 });

    const curatorUser = tgUser("Ольга");
    const curator = createTelegramPerson(telegram.fake, curatorUser);
    const curatorId = await seedCurator(env, {
      name: "Ольга Куратор",
      channel: "telegram",
      externalId: String(curatorUser.id),
    });

    const mentor1User = tgUser("Марина");
    const mentor1 = createTelegramPerson(telegram.fake, mentor1User);
    const m1 = await seedParticipant(env, {
      name: "Марина Петровна",
      channel: "telegram",
      externalId: String(mentor1User.id),
      side: "mentor",
    });
    const mentor2User = vkUser("Игорь");
    const mentor2 = createVkPerson(vk.fake, mentor2User);
    const m2 = await seedParticipant(env, {
      name: "Игорь Иванович",
      channel: "vk",
      externalId: String(mentor2User.id),
      side: "mentor",
    });
    const menteeAUser = tgUser("Аня");
    const menteeA = createTelegramPerson(telegram.fake, menteeAUser);
    const a = await seedParticipant(env, {
      name: "Аня Смирнова",
      channel: "telegram",
      externalId: String(menteeAUser.id),
    });
    const menteeBUser = vkUser("Борис");
    const menteeB = createVkPerson(vk.fake, menteeBUser);
    const b = await seedParticipant(env, {
      name: "Борис Орлов",
      channel: "vk",
      externalId: String(menteeBUser.id),
    });
    const menteeCUser = vkUser("Вера");
    const menteeC = createVkPerson(vk.fake, menteeCUser);
    const c = await seedParticipant(env, {
      name: "Вера Лис",
      channel: "vk",
      externalId: String(menteeCUser.id),
    });

    // A participant may not run curator commands.
    await menteeA.send("/pairs");
    await menteeA.expectMessage("для кураторов программ");

    // The curator records the meeting: everyone is marked present, Вера was not there.
    await curator.send("/pairs");
    await curator.expectMessage("Групповой встречи ещё не было");
    await curator.press("Групповая встреча");
    await curator.expectMessage("Отмечено: 5 из 5");
    await curator.press("Вера Лис · наставляемый");
    await curator.expectMessage("Отмечено: 4 из 5");
    await curator.press("Разослать опрос (4)");
    await curator.expectMessage("Опрос разослан: 4 участникам");

    // While the poll is open, an old «Групповая встреча» button starts no second meeting.
    await curator.send("/pairs");
    await curator.expectMessage("ответили 0 из 4");
    const meetingsBefore = await env.database.db.selectFrom("group_meeting").select("id").execute();
    const codec = createPayloadCodec({ secret: "pairing-secret" });
    const stale = codec.encode(
      "telegram",
      { type: "pair", question: "gm", session: env.programId },
      String(curatorUser.id),
    );
    if (!stale.ok) throw new Error(stale.detail);
    telegram.fake.pressButton(curatorUser, stale.payload);
    // A person's updates are handled in order: once /pairs is answered, the press was handled too.
    await curator.send("/pairs");
    await curator.expectMessage("ответили 0 из 4");
    expect(await env.database.db.selectFrom("group_meeting").select("id").execute()).toEqual(meetingsBefore);

    // Those present get the poll through the outbox; Вера does not.
    const rank = async (person: PersonActions, choices: string[]) => {
      await person.expectMessage("Выберите, с кем вам хотелось бы работать");
      await person.press("Выбрать");
      for (const choice of choices) {
        await person.expectMessage(choice);
        await person.press(choice);
      }
      await person.press("Готово");
      await person.press("Пропустить");
      await person.press("Отправить");
      await person.expectMessage("Спасибо");
    };
    await rank(menteeA, ["Марина Петровна", "Игорь Иванович"]);
    await rank(menteeB, ["Марина Петровна"]);
    await rank(mentor1, ["Борис Орлов", "Аня Смирнова"]);
    await rank(mentor2, ["Аня Смирнова"]);

    const { db } = env.database;
    const preferences = await db
      .selectFrom("preference")
      .select(["from_participant_id as from", "to_participant_id as to", "rank"])
      .orderBy("from_participant_id")
      .orderBy("rank")
      .execute();
    expect(preferences).toEqual(
      [
        { from: m1.participantId, to: b.participantId, rank: 1 },
        { from: m1.participantId, to: a.participantId, rank: 2 },
        { from: m2.participantId, to: a.participantId, rank: 1 },
        { from: a.participantId, to: m1.participantId, rank: 1 },
        { from: a.participantId, to: m2.participantId, rank: 2 },
        { from: b.participantId, to: m1.participantId, rank: 1 },
      ].sort((x, y) => x.from - y.from || x.rank - y.rank),
    );

    // Closing the poll proposes the stable matching, each pair explained.
    await curator.send("/pairs");
    await curator.expectMessage("ответили 4 из 4");
    await curator.press("Закрыть опрос и подобрать пары");
    const proposal = await curator.expectMessage("Предложение пар");
    expect(proposal).toContain("Борис Орлов — выбрал(а) наставника 1-м, наставник выбрал 1-м");
    expect(proposal).toContain("Аня Смирнова — выбрал(а) наставника 2-м, наставник выбрал 1-м");
    expect(proposal.indexOf("Борис Орлов")).toBeGreaterThan(proposal.indexOf("Марина Петровна"));
    expect(proposal.indexOf("Аня Смирнова")).toBeGreaterThan(proposal.indexOf("Игорь Иванович"));
    expect(proposal).toMatch(/Без пары \(1\)[^\n]*\n• Вера Лис/);

    // The curator puts Вера with Игорь by hand, over his capacity, and confirms.
    await curator.press("Изменить");
    await curator.press("Вера Лис — без пары");
    await curator.press("Игорь Иванович (1/1)");
    const edited = await curator.expectMessage("Готово: Вера Лис → Игорь Иванович");
    expect(edited).toContain("Вера Лис — поставлен(а) куратором");
    expect(edited).toContain("больше мест, чем готов вести наставник");
    await curator.press("Утвердить пары");
    await curator.expectMessage("Утверждено пар: 2");

    await menteeA.expectMessage(/Ваш наставник в программе «Учитель — ученик»: Игорь Иванович/);
    await menteeB.expectMessage(/Ваш наставник в программе «Учитель — ученик»: Марина Петровна/);
    await menteeC.expectMessage(/Ваш наставник в программе «Учитель — ученик»: Игорь Иванович/);
    const announced = await mentor1.expectMessage(
      /Ваши наставляемые в программе «Учитель — ученик»: Борис Орлов\./,
    );
    expect(announced).toContain("Отметить встречу");
    await mentor2.expectMessage(/Ваши наставляемые в программе «Учитель — ученик»: Аня Смирнова, Вера Лис\./);

    const pairs = await db
      .selectFrom("pair")
      .innerJoin("pair_mentee", "pair_mentee.pair_id", "pair.id")
      .select([
        "pair.mentor_participant_id as mentor",
        "pair_mentee.mentee_participant_id as mentee",
        "pair.status",
        "pair.confirmed_by_person_id as confirmedBy",
        "pair_mentee.mentee_rank as menteeRank",
        "pair_mentee.mentor_rank as mentorRank",
        "pair_mentee.assigned_by as assignedBy",
      ])
      .orderBy("pair_mentee.mentee_participant_id")
      .execute();
    expect(pairs).toEqual([
      {
        mentor: m2.participantId,
        mentee: a.participantId,
        status: "confirmed",
        confirmedBy: curatorId,
        menteeRank: 2,
        mentorRank: 1,
        assignedBy: "matching",
      },
      {
        mentor: m1.participantId,
        mentee: b.participantId,
        status: "confirmed",
        confirmedBy: curatorId,
        menteeRank: 1,
        mentorRank: 1,
        assignedBy: "matching",
      },
      {
        mentor: m2.participantId,
        mentee: c.participantId,
        status: "confirmed",
        confirmedBy: curatorId,
        menteeRank: null,
        mentorRank: null,
        assignedBy: "curator",
      },
    ]);
    // Each announcement names the partner, so it lists them for erasure.
    const announcements = await db
      .selectFrom("delivery")
      .select(["person_id as personId", "mentions"])
      .where("kind", "=", "pairing.announce")
      .orderBy("person_id")
      .execute();
    expect(announcements).toContainEqual({ personId: a.personId, mentions: [m2.personId] });
    expect(announcements).toContainEqual({ personId: m2.personId, mentions: [a.personId, c.personId] });

    // The confirmed pairs as a spreadsheet, for the head's order.
    await curator.press("Выгрузить пары");
    const upload = await waitFor(
      "the pairs spreadsheet",
      () =>
        telegram.fake.calls.find(
          (call) => call.method === "sendDocument" && String(call.payload.chat_id) === String(curatorUser.id),
        ),
      () => "",
    );
    const file = upload.payload.document as { file: string; bytes: Uint8Array };
    expect(file.file).toMatch(/\.xlsx$/);
    expect(Buffer.from(file.bytes).subarray(0, 2).toString()).toBe("PK");
    expect(String(upload.payload.caption)).toContain("Утверждённые пары программы «Учитель — ученик»: 2");

    // A second tap on the old confirmation changes nothing.
    await curator.press("Утвердить пары").catch(() => undefined);
    const confirmedCount = await db
      .selectFrom("pair")
      .select(db.fn.countAll<number>().as("n"))
      .where("status", "=", "confirmed")
      .executeTakeFirstOrThrow();
    expect(Number(confirmedCount.n)).toBe(2);

    // Ending a pair with a reason tells both sides.
    await curator.send("/pairs");
    await curator.press("Завершить или сменить пару");
    await curator.press("Марина Петровна — Борис Орлов");
    await curator.press("Не сложилось");
    await curator.expectMessage("Пара завершена");
    await menteeB.expectMessage("завершена куратором");
    const ended = await db
      .selectFrom("pair")
      .select(["status", "ended_reason"])
      .where("mentor_participant_id", "=", m1.participantId)
      .executeTakeFirstOrThrow();
    expect(ended).toEqual({ status: "cancelled", ended_reason: "mismatch" });
  });

  it("refuses curator buttons to participants and to curators of another organisation, changing nothing", async () => {
    const { db } = env.database;
    const codec = createPayloadCodec({ secret: "pairing-secret" });
    const { id: otherOrganisation } = await db
      .insertInto("organisation")
      .values({ name: "Другая школа", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const strangerUser = telegram.fake.user({ firstName: "Пётр", languageCode: "ru" });
    const stranger = createTelegramPerson(telegram.fake, strangerUser);
    const strangerId = await seedCurator(env, {
      name: "Пётр Чужой",
      channel: "telegram",
      externalId: String(strangerUser.id),
    });
    await db
      .updateTable("membership")
      .set({ organisation_id: otherOrganisation })
      .where("person_id", "=", strangerId)
      .execute();
    const pupilUser = telegram.fake.user({ firstName: "Даша", languageCode: "ru" });
    const pupil = createTelegramPerson(telegram.fake, pupilUser);
    await seedParticipant(env, { name: "Даша", channel: "telegram", externalId: String(pupilUser.id) });

    await stranger.send("/pairs");
    await stranger.expectMessage("В ваших организациях пока нет программ");

    const count = async () =>
      Number(
        (
          await db
            .selectFrom("group_meeting")
            .select(db.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // Genuine signatures for their own chats, about a programme that is not theirs: the guard answers.
    const press = (user: typeof strangerUser, action: Parameters<typeof codec.encode>[1]) => {
      const encoded = codec.encode("telegram", action, String(user.id));
      if (!encoded.ok) throw new Error(encoded.detail);
      telegram.fake.pressButton(user, encoded.payload);
    };
    press(strangerUser, { type: "pair", question: "gm", session: env.programId });
    await stranger.expectMessage("не относится к вашей организации");
    press(pupilUser, { type: "pair", question: "gm", session: env.programId });
    await pupil.expectMessage("для кураторов программ");
    expect(await count()).toBe(before);
  });

  it("pages a class of 30 when the curator marks who was there, and asks which programme first", async () => {
    const { db } = env.database;
    const curatorUser = telegram.fake.user({ firstName: "Нина", languageCode: "ru" });
    const curator = createTelegramPerson(telegram.fake, curatorUser);
    await seedCurator(env, {
      name: "Нина Куратор",
      channel: "telegram",
      externalId: String(curatorUser.id),
    });
    const { id: classProgram } = await db
      .insertInto("program")
      .values({
        organisation_id: env.organisationId,
        name: "Ученик — ученик, 7 класс",
        form_key: "pupil_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= 30; i++) {
      const { id: personId } = await db
        .insertInto("person")
        .values({ display_name: `Ученик ${String(i).padStart(2, "0")}`, locale: "ru", is_minor: true })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("participant")
        .values({
          program_id: classProgram,
          person_id: personId,
          side: i <= 5 ? "mentor" : "mentee",
          category: "pupil",
        })
        .execute();
    }

    await curator.send("/pairs");
    await curator.expectMessage("Выберите программу");
    await curator.press("Ученик — ученик, 7 класс");
    await curator.press("Групповая встреча");
    const first = await curator.expectMessage("Отмечено: 30 из 30");
    expect(first).toContain("Страница 1 из 4");
    expect(first).toContain("Ученик 01 · наставник");
    expect(first).not.toContain("Ученик 09");
    await curator.press("▶");
    const second = await curator.expectMessage("Страница 2 из 4");
    expect(second).toContain("Ученик 14 · наставляемый");
    await curator.press("Ученик 14 · наставляемый");
    const toggled = await curator.expectMessage("Отмечено: 29 из 30");
    // The page stays where the curator is.
    expect(toggled).toContain("Страница 2 из 4");
    expect(toggled).toContain("⬜ Ученик 14");

    // The curator gives a mentor more places than the default one.
    await curator.press("← Назад");
    await curator.press("Места у наставников");
    await curator.press("Ученик 01 — мест: 1 (занято 0)");
    await curator.expectMessage("Сколько наставляемых будет у наставника Ученик 01? Сейчас: 1.");
    await curator.press("3");
    await curator.expectMessage("Ученик 01 — мест: 3 (занято 0)");
    const capacity = await db
      .selectFrom("participant")
      .innerJoin("person", "person.id", "participant.person_id")
      .select("participant.capacity")
      .where("person.display_name", "=", "Ученик 01")
      .executeTakeFirstOrThrow();
    expect(capacity.capacity).toBe(3);
  });
});
