import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import type { OwnData } from "../../src/exports/own-data.js";
import { createInviteService } from "../../src/invites/invite.service.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "../support/fake-telegram-api.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";
import { academicYearOf, todayIn } from "../../src/programs/academic-year.js";
import { readXlsx } from "../support/xlsx-reader.js";

/**
 * /export and /mydata end to end, through the real grammY client against a fake Telegram: a curator
 * and the municipality's coordinator get the organisation's spreadsheet as a document after choosing
 * what and the format, a participant and another municipality's coordinator are refused (nothing sent,
 * nothing logged), and a participant's /mydata brings a short account and the JSON file.
 */

const WAIT_MS = 15_000;

async function waitFor<T>(what: string, probe: () => T | undefined, seen: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the bot said:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

const textOf = (value: unknown) => (typeof value === "string" ? value : "");

let env: JourneyEnv;
let fake: FakeTelegramApi;
let channel: TelegramChannel;
let municipalityId: number;
let otherMunicipalityId: number;

/** One Telegram user: what they send and press, and what the bot shows them. */
function telegramPerson(user: FakeUser) {
  let mark = fake.calls.length;
  const mine = (from: number) =>
    fake.calls.slice(from).filter((c) => c.ok && String(c.payload.chat_id) === String(user.id));
  const texts = (from: number) =>
    mine(from)
      .filter(
        (c) => c.method === "sendMessage" || c.method === "editMessageText" || c.method === "sendDocument",
      )
      .map((c) => textOf(c.payload.text) || textOf(c.payload.caption));
  return {
    send(text: string) {
      mark = fake.calls.length;
      fake.sendText(user, text);
    },
    async press(label: string) {
      const found = await waitFor(
        `a button "${label}"`,
        () => {
          const messages = fake.chatMessages(user.id);
          for (let i = messages.length - 1; i >= 0; i--) {
            const message = messages[i]!;
            const button = (message.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text === label);
            if (button && "callback_data" in button && button.callback_data)
              return { data: button.callback_data, messageId: message.message_id };
          }
          return undefined;
        },
        () => texts(0).slice(-3).join("\n---\n"),
      );
      mark = fake.calls.length;
      fake.pressButton(user, found.data, { messageId: found.messageId });
    },
    expectMessage(pattern: string) {
      return waitFor(
        `a message with "${pattern}"`,
        () => texts(mark).find((text) => text.includes(pattern)),
        () => texts(mark).join("\n---\n"),
      );
    },
    document() {
      return waitFor(
        "a document",
        () => mine(mark).find((c) => c.method === "sendDocument"),
        () => texts(mark).join("\n---\n"),
      ).then((call) => ({
        caption: textOf(call.payload.caption),
        ...(call.payload.document as { file: string; bytes: Uint8Array }),
      }));
    },
    documentsSince() {
      return mine(mark).filter((c) => c.method === "sendDocument").length;
    },
  };
}

async function seed(
  user: FakeUser,
  name: string,
  role: { curator?: boolean; coordinatorOf?: number; participant?: boolean },
): Promise<number> {
  const { db } = env.database;
  const { id } = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("consent")
    .values({ person_id: id, kind: "personal_data", text_version: "test", given_by: "self" })
    .execute();
  await db
    .insertInto("channel_account")
    .values({ person_id: id, channel: "telegram", external_id: String(user.id), chat_id: String(user.id) })
    .execute();
  if (role.curator) {
    await db
      .insertInto("membership")
      .values({ person_id: id, role: "curator", organisation_id: env.organisationId })
      .execute();
  }
  if (role.coordinatorOf !== undefined) {
    await db
      .insertInto("membership")
      .values({ person_id: id, role: "coordinator", municipality_id: role.coordinatorOf })
      .execute();
  }
  if (role.participant) {
    await db
      .insertInto("participant")
      .values({
        program_id: env.programId,
        person_id: id,
        side: "mentee",
        category: "pupil",
        status: "active",
      })
      .execute();
  }
  return id;
}

const exportsLogged = () =>
  env.database.db
    .selectFrom("audit_log")
    .select(["actor_person_id", "actor_role", "channel", "action", "subject", "format", "organisation_id"])
    .orderBy("id")
    .execute();

beforeAll(async () => {
  env = await createJourneyEnv();
  const { db } = env.database;
  municipalityId = (
    await db
      .insertInto("municipality")
      .values({ name: "Северный округ" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  otherMunicipalityId = (
    await db
      .insertInto("municipality")
      .values({ name: "Южный район" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .updateTable("organisation")
    .set({ municipality_id: municipalityId })
    .where("id", "=", env.organisationId)
    .execute();
  fake = await createFakeTelegramApi({ firstUpdateId: 73_000_000, firstUserId: 73_000_000 });
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    botInfo: fake.botInfo,
    db,
    translator: env.translator,
    codec: createPayloadCodec({ secret: "data-access-secret" }),
    logger: silentLogger,
    mode: { kind: "polling", timeoutSeconds: 1 },
    pipeline: env.hub.pipeline,
  });
  await channel.start();
});

afterAll(async () => {
  await channel?.stop();
  await fake?.close();
  await env?.close();
});

describe("/export in the chat", () => {
  it("sends the curator the chosen part as a spreadsheet and logs it; refuses a participant", async () => {
    const curatorUser = fake.user({ firstName: "Ольга", languageCode: "ru" });
    const curator = telegramPerson(curatorUser);
    const curatorId = await seed(curatorUser, "Ольга Куратор", { curator: true });
    const pupilUser = fake.user({ firstName: "Аня", languageCode: "ru" });
    const pupil = telegramPerson(pupilUser);
    const pupilId = await seed(pupilUser, "=Аня Смирнова", { participant: true });

    pupil.send("/export");
    await pupil.expectMessage("Выгрузки доступны кураторам организации");
    expect(pupil.documentsSince()).toBe(0);

    // One organisation: the choice of what comes at once.
    curator.send("/export");
    await curator.expectMessage("Что выгрузить по организации");
    await curator.press("участники");
    await curator.expectMessage("в каком формате?");
    await curator.press("Excel (XLSX)");
    const file = await curator.document();
    expect(file.file).toMatch(/участники, \d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.caption).toContain("участники: 1 строка");
    const [sheet] = readXlsx(file.bytes);
    expect(sheet!.name).toBe("Участники");
    // The participant's name reads as text, never as a formula.
    expect(sheet!.rows[4]!.slice(0, 2)).toEqual([1, "'=Аня Смирнова"]);

    const logged = await exportsLogged();
    expect(logged).toEqual([
      {
        actor_person_id: curatorId,
        actor_role: "curator",
        channel: "telegram",
        action: "export",
        subject: "participants",
        format: "xlsx",
        organisation_id: env.organisationId,
      },
    ]);
    expect(logged.some((row) => row.actor_person_id === pupilId)).toBe(false);
  });

  it("limits the export to this school year when asked, and to every year otherwise", async () => {
    const { db } = env.database;
    const curatorUser = fake.user({ firstName: "Инна", languageCode: "ru" });
    const curator = telegramPerson(curatorUser);
    await seed(curatorUser, "Инна Куратор", { curator: true });
    const thisYear = academicYearOf(todayIn("Europe/Moscow", new Date()));
    const [first] = thisYear.split("/").map(Number) as [number];
    const lastYear = `${first - 1}/${first}`;
    // Last year's programme of the same school, with a pupil of its own.
    const old = await db
      .insertInto("program")
      .values({
        organisation_id: env.organisationId,
        name: "Прошлогодняя программа",
        form_key: "teacher_pupil",
        academic_year: lastYear,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: formerId } = await db
      .insertInto("person")
      .values({ display_name: "Прошлогодний Ученик", locale: "ru", is_minor: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("participant")
      .values({
        program_id: old.id,
        person_id: formerId,
        side: "mentee",
        category: "pupil",
        status: "active",
      })
      .execute();
    const namesIn = (bytes: Uint8Array) =>
      readXlsx(bytes)[0]!
        .rows.flat()
        .filter((cell): cell is string => typeof cell === "string");

    curator.send("/export");
    await curator.press("участники");
    await curator.press(`Только ${thisYear} учебный год`);
    await curator.expectMessage(`участники, ${thisYear} учебный год: в каком формате?`);
    await curator.press("Excel (XLSX)");
    const yearFile = await curator.document();
    expect(yearFile.caption).toMatch(new RegExp(`участники, ${thisYear} учебный год: \\d+ строк`));
    const thisYearOnly = namesIn(yearFile.bytes);
    expect(thisYearOnly.some((cell) => cell.includes(`${thisYear} учебный год`))).toBe(true);
    expect(thisYearOnly.some((cell) => cell.includes("Прошлогодний Ученик"))).toBe(false);

    curator.send("/export");
    await curator.press("участники");
    await curator.press(`Только ${thisYear} учебный год`);
    await curator.press("За все годы");
    await curator.expectMessage("участники: в каком формате?");
    await curator.press("Excel (XLSX)");
    const everyYear = namesIn((await curator.document()).bytes);
    expect(everyYear.some((cell) => cell.includes("Прошлогодний Ученик"))).toBe(true);
  });

  it("lets the municipality's coordinator export as CSV and refuses another municipality's", async () => {
    const coordinatorUser = fake.user({ firstName: "Вера", languageCode: "ru" });
    const coordinator = telegramPerson(coordinatorUser);
    const coordinatorId = await seed(coordinatorUser, "Вера Координатор", { coordinatorOf: municipalityId });
    const strangerUser = fake.user({ firstName: "Глеб", languageCode: "ru" });
    const stranger = telegramPerson(strangerUser);
    await seed(strangerUser, "Глеб Чужой", { coordinatorOf: otherMunicipalityId });
    const before = (await exportsLogged()).length;

    stranger.send("/export");
    await stranger.expectMessage("Выгрузки доступны кураторам организации");

    coordinator.send("/export");
    await coordinator.expectMessage("Что выгрузить по организации");
    await coordinator.press("участники");
    await coordinator.press("CSV");
    const file = await coordinator.document();
    expect(file.file).toMatch(/Участники, \d{4}-\d{2}-\d{2}\.csv$/);
    // The byte order mark is part of what is checked: without it Excel garbles the Cyrillic.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes);
    expect(text.startsWith("\uFEFF№;ФИО;")).toBe(true);
    expect(text).toContain("'=Аня Смирнова");

    expect((await exportsLogged()).slice(before)).toEqual([
      expect.objectContaining({ actor_person_id: coordinatorId, actor_role: "coordinator", format: "csv" }),
    ]);
  });
});

describe("/export for a coordinator of many organisations", () => {
  it("pages the organisations, and checks the membership again on every press", async () => {
    const { db } = env.database;
    const { id: manyId } = await db
      .insertInto("municipality")
      .values({ name: "Большой район" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("organisation")
      .values(
        Array.from({ length: 10 }, (_, i) => ({
          name: `Школа района № ${String(i + 1).padStart(2, "0")}`,
          kind: "school" as const,
          time_zone: "Europe/Moscow",
          municipality_id: manyId,
        })),
      )
      .execute();
    const user = fake.user({ firstName: "Лев", languageCode: "ru" });
    const coordinator = telegramPerson(user);
    const personId = await seed(user, "Лев Координатор", { coordinatorOf: manyId });

    coordinator.send("/export");
    await coordinator.expectMessage("Выберите организацию (всего 10)");
    await coordinator.press("Дальше →");
    await coordinator.press("Школа района № 10");
    await coordinator.expectMessage("Что выгрузить по организации «Школа района № 10»?");

    // The coordinator leaves office with the menu still on screen: its buttons no longer work.
    await db.deleteFrom("membership").where("person_id", "=", personId).execute();
    const before = (await exportsLogged()).length;
    await coordinator.press("пары");
    await coordinator.expectMessage("Выгрузки доступны кураторам организации");
    expect(coordinator.documentsSince()).toBe(0);
    expect((await exportsLogged()).length).toBe(before);
  });
});

describe("a coordinator's invite in the chat", () => {
  it("makes whoever opens it the municipality's coordinator, asked no age", async () => {
    const created = await createInviteService(env.database.db).createCoordinatorInvite(
      { municipalityId, expiresInDays: 7 },
      new Date(),
    );
    if (!created.ok) throw new Error("the coordinator invite was refused");
    const user = fake.user({ firstName: "Нина", languageCode: "ru" });
    const person = telegramPerson(user);
    person.send(`/start ${created.value.invite.code}`);
    await person.expectMessage("Вы — муниципальный координатор: Северный округ");
    await person.press("Русский");
    // Straight to consent: a coordinator acts for the municipality as an adult. The consent names
    // the municipality's education authority and what a coordinator's data serve, not pairs.
    const consent = await person.expectMessage("нужно ваше согласие на обработку персональных данных");
    expect(consent).toContain(
      "Кто обрабатывает (оператор): орган управления образованием муниципалитета «Северный округ».",
    );
    expect(consent).toContain("журнал выгрузок");
    expect(consent).not.toContain("подобрать пару");
    await person.press("✅ Согласен(на)");
    await person.expectMessage("Согласие сохранено");
    const membership = await env.database.db
      .selectFrom("membership")
      .innerJoin("channel_account", "channel_account.person_id", "membership.person_id")
      .select(["membership.role", "membership.municipality_id", "membership.organisation_id"])
      .where("channel_account.external_id", "=", String(user.id))
      .execute();
    expect(membership).toEqual([
      { role: "coordinator", municipality_id: municipalityId, organisation_id: null },
    ]);
    const recorded = await env.database.db
      .selectFrom("consent")
      .innerJoin("channel_account", "channel_account.person_id", "consent.person_id")
      .select(["consent.kind", "consent.text_version"])
      .where("channel_account.external_id", "=", String(user.id))
      .execute();
    expect(recorded).toEqual([{ kind: "personal_data", text_version: "pd-2026-12-staff" }]);
  });
});

describe("/mydata in the chat", () => {
  it("sends a participant a short account of their data and the whole of it as a file", async () => {
    const user = fake.user({ firstName: "Борис", languageCode: "ru" });
    const person = telegramPerson(user);
    const personId = await seed(user, "Борис Орлов", { participant: true });

    person.send("/mydata");
    await person.expectMessage("Что сервис хранит о вас");
    const text = await person.expectMessage("имя: Борис Орлов");
    expect(text).toContain(`аккаунты: Telegram (id ${user.id})`);
    expect(text).toContain("согласие на обработку персональных данных, версия текста test");
    const file = await person.document();
    expect(file.file).toMatch(/^Мои данные, \d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(new TextDecoder().decode(file.bytes)) as OwnData;
    expect(data.person).toMatchObject({ id: personId, name: "Борис Орлов" });
    expect(data.accounts).toEqual([
      expect.objectContaining({ channel: "telegram", externalId: String(user.id) }),
    ]);
    expect(data.participations).toHaveLength(1);

    const [logged] = (await exportsLogged()).filter((row) => row.actor_person_id === personId);
    expect(logged).toMatchObject({
      action: "own_data",
      actor_role: "participant",
      channel: "telegram",
      format: "json",
    });
  });
});
