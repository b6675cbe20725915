import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMunicipalDigest, buildOrganisationDigest } from "../../src/digest/digest.js";
import { createDigestService, isoWeek } from "../../src/digest/digest.service.js";
import { setIndicator } from "../../src/digest/indicators.js";
import { renderChart, renderMunicipalDigest, renderOrganisationDigest } from "../../src/digest/render.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import type { Category, Database, Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * A digest against a data set built row by row, where every number is known beforehand: each line of
 * the text is asserted whole, so a wrong count, a wrong week or a wrong programme shows as a diff. Then
 * the weekly schedule: Monday 09:00 on each organisation's clock (Moscow and Yekaterinburg), once per
 * week however many ticks run.
 *
 * The moment is Monday 7 December 2026, 09:00 in Moscow (06:00 UTC); "this week" is from 30 November
 * 06:00 UTC on.
 */

let database: TestDatabase;
let db: Kysely<Database>;
let translator: Translator;
const now = new Date("2026-12-07T06:00:00Z");
const day = (iso: string) => new Date(iso);

let municipality: number;
let school: number;
let gymnasium: number;
let current: number;
let curator: number;
let otherCurator: number;
let coordinator: number;
/** Person and participant ids of those the school's digest names. */
const named: Record<string, { personId: number; participantId: number }> = {};

async function person(name: string | null): Promise<number> {
  const { id } = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: id, channel: "console", external_id: `p${id}`, chat_id: `p${id}` })
    .execute();
  return id;
}

async function joiner(
  programId: number,
  name: string | null,
  side: Side,
  category: Category,
  joinedAt: string,
  status: "active" | "pending_consent" | "left" = "active",
) {
  const personId = await person(name);
  const { id } = await db
    .insertInto("participant")
    .values({ program_id: programId, person_id: personId, side, category, status, joined_at: day(joinedAt) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { personId, participantId: id };
}

async function submit(
  personId: number,
  programId: number,
  formKey: string,
  answers: Record<string, unknown>,
) {
  const { id } = await db
    .insertInto("form_session")
    .values({
      person_id: personId,
      program_id: programId,
      form_key: formKey,
      form_version: 1,
      status: "submitted",
      state: "{}",
      submitted_at: day("2026-11-20T10:00:00Z"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [key, value] of Object.entries(answers))
    await db
      .insertInto("answer")
      .values({ form_session_id: id, question_key: key, form_version: 1, value: JSON.stringify(value) })
      .execute();
}

async function pair(
  programId: number,
  mentor: number,
  mentees: number[],
  status: "proposed" | "confirmed",
  confirmedAt?: string,
) {
  const { id } = await db
    .insertInto("pair")
    .values({
      program_id: programId,
      mentor_participant_id: mentor,
      status,
      proposed_at: day(confirmedAt ?? "2026-12-06T10:00:00Z"),
      confirmed_at: confirmedAt ? day(confirmedAt) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const mentee of mentees)
    await db.insertInto("pair_mentee").values({ pair_id: id, mentee_participant_id: mentee }).execute();
  return id;
}

async function meeting(pairId: number, heldOn: string, createdAt: string, deleted = false) {
  await db
    .insertInto("meeting")
    .values({
      pair_id: pairId,
      type: "regular",
      held_on: heldOn,
      format: "in_person",
      length_minutes: 45,
      topics: null,
      next_on: null,
      logged_by_person_id: null,
      form_session_id: null,
      created_at: day(createdAt),
      deleted_at: deleted ? day(createdAt) : null,
    })
    .execute();
}

async function failed(personId: number, dueAt: string, key: string) {
  await db
    .insertInto("delivery")
    .values({
      person_id: personId,
      channel: "console",
      kind: "roadmap.reminder",
      dedupe_key: key,
      payload: JSON.stringify({ text: "x" }),
      due_at: day(dueAt),
      status: "failed",
    })
    .execute();
}

async function stage(
  programId: number,
  key: string,
  audience: "curators" | "all",
  opensOn: string,
  closesOn: string,
  title: string,
) {
  await db
    .insertInto("roadmap_stage")
    .values({
      program_id: programId,
      key,
      position: 1,
      audience,
      action: audience === "curators" ? "curator_task" : "information",
      opens_on: opensOn,
      closes_on: closesOn,
      title_texts: JSON.stringify({ ru: title, en: `EN ${title}` }),
    })
    .execute();
}

const notify = (trx: Kysely<Database>, notice: Parameters<typeof notifyPerson>[1]) =>
  notifyPerson(trx, notice, { defaultTimeZone: "Europe/Moscow" });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  translator = await loadTranslator();
  municipality = (
    await db.insertInto("municipality").values({ name: "Клинцы" }).returning("id").executeTakeFirstOrThrow()
  ).id;
  const organisation = async (name: string, timeZone: string) =>
    (
      await db
        .insertInto("organisation")
        .values({ name, kind: "school", time_zone: timeZone, municipality_id: municipality })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  school = await organisation("Школа № 7", "Europe/Moscow");
  gymnasium = await organisation("Гимназия № 1", "Asia/Yekaterinburg");
  const program = async (organisationId: number, name: string, year: string) =>
    (
      await db
        .insertInto("program")
        .values({ organisation_id: organisationId, name, form_key: "teacher_pupil", academic_year: year })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const old = await program(school, "Прошлый год", "2025/2026");
  current = await program(school, "Учитель — ученик", "2026/2027");
  const gymProgram = await program(gymnasium, "Ученик — ученик", "2026/2027");

  curator = await person("Куратор Школы");
  otherCurator = await person("Куратор Гимназии");
  coordinator = await person("Координатор");
  await db
    .insertInto("membership")
    .values([
      { person_id: curator, role: "curator", organisation_id: school, municipality_id: null },
      { person_id: otherCurator, role: "curator", organisation_id: gymnasium, municipality_id: null },
      { person_id: coordinator, role: "coordinator", organisation_id: null, municipality_id: municipality },
    ])
    .execute();

  // Mentors: Анна (teacher, since October, questionnaire in), Борис (new this week, no questionnaire),
  // Вера (a pupil in grade 10, questionnaire in).
  const anna = await joiner(current, "Анна Смирнова", "mentor", "teacher", "2026-10-01T08:00:00Z");
  await submit(anna.personId, current, "mentor_entry", { category: "teacher", experience_years: 12 });
  const boris = await joiner(current, "Борис Орлов", "mentor", "teacher", "2026-12-03T08:00:00Z");
  const vera = await joiner(current, "Вера Ким", "mentor", "pupil", "2026-10-01T08:00:00Z");
  await submit(vera.personId, current, "mentor_entry", { category: "pupil", grade: "10" });
  // Mentees: Дима and Егор (pupils, questionnaires in), Женя (new, no questionnaire, no pair),
  // Зоя (new, waiting for a parent's consent), Илья (a teacher with 2 years, in a proposed pair),
  // Кира (left), and a pupil who never gave a name (no questionnaire, no pair).
  const dima = await joiner(current, "Дима Лебедев", "mentee", "pupil", "2026-10-01T08:00:00Z");
  await submit(dima.personId, current, "mentee_entry_pupil", { grade: "7" });
  const egor = await joiner(current, "Егор Волков", "mentee", "pupil", "2026-10-02T08:00:00Z");
  await submit(egor.personId, current, "mentee_entry_pupil", { grade: "8" });
  await joiner(current, "Женя Павлова", "mentee", "pupil", "2026-12-05T08:00:00Z");
  await joiner(current, "Зоя Белова", "mentee", "pupil", "2026-12-06T08:00:00Z", "pending_consent");
  const ilya = await joiner(current, "Илья Соколов", "mentee", "teacher", "2026-10-03T08:00:00Z");
  await submit(ilya.personId, current, "mentee_entry_teacher", { experience_years: 2 });
  await joiner(current, "Кира Новикова", "mentee", "pupil", "2026-12-04T08:00:00Z", "left");
  const unnamed = await joiner(current, null, "mentee", "pupil", "2026-11-01T08:00:00Z");
  Object.assign(named, { anna, boris, unnamed });
  named.zhenya = await db
    .selectFrom("participant")
    .innerJoin("person", "person.id", "participant.person_id")
    .select(["person.id as personId", "participant.id as participantId"])
    .where("person.display_name", "=", "Женя Павлова")
    .executeTakeFirstOrThrow();
  named.zoya = await db
    .selectFrom("participant")
    .innerJoin("person", "person.id", "participant.person_id")
    .select(["person.id as personId", "participant.id as participantId"])
    .where("person.display_name", "=", "Зоя Белова")
    .executeTakeFirstOrThrow();
  // Someone last year: counted nowhere this year.
  await joiner(old, "Лев Прошлогодний", "mentee", "pupil", "2026-12-01T08:00:00Z", "pending_consent");

  // Pairs: Анна–Дима since October (last met 12 November: 25 days silent), Вера–Егор confirmed on
  // 2 December (this week, not silent), Борис–Илья proposed.
  const annaDima = await pair(
    current,
    anna.participantId,
    [dima.participantId],
    "confirmed",
    "2026-10-10T09:00:00Z",
  );
  await pair(current, vera.participantId, [egor.participantId], "confirmed", "2026-12-02T09:00:00Z");
  await pair(current, boris.participantId, [ilya.participantId], "proposed");
  await meeting(annaDima, "2026-11-10", "2026-11-10T15:00:00Z");
  // Logged this week about a meeting of 12 November: counts as logged this week.
  await meeting(annaDima, "2026-11-12", "2026-12-01T15:00:00Z");
  // Withdrawn: counted nowhere, and not the pair's last meeting.
  await meeting(annaDima, "2026-12-02", "2026-12-02T15:00:00Z", true);

  // Satisfaction: mentees 9 and 6 (mean 7.5, one satisfied of two), a mentor 8; interim 7 (asks for the
  // curator) and 4.
  await submit(dima.personId, current, "final_satisfaction_mentee", { overall: 9 });
  await submit(egor.personId, current, "final_satisfaction_mentee", { overall: 6 });
  await submit(anna.personId, current, "final_satisfaction_mentor", { overall: 8 });
  await submit(dima.personId, current, "interim_feedback", { how_it_goes: 7, talk_to_curator: true });
  await submit(vera.personId, current, "interim_feedback", { how_it_goes: 4, talk_to_curator: false });
  await submit(unnamed.personId, old, "final_satisfaction_mentee", { overall: 1 });

  // Roadmap: a curator's task open now, two stages ahead, one past.
  await stage(current, "group_meeting", "curators", "2026-12-01", "2026-12-10", "Провести групповую встречу");
  await stage(current, "interim", "all", "2026-12-14", "2026-12-25", "Промежуточная анкета");
  await stage(current, "final", "all", "2027-04-12", "2027-05-20", "Итоговая встреча");
  await stage(current, "entry", "all", "2026-10-01", "2026-11-30", "Анкеты участников");

  // Failed deliveries: Борис this week counts; an old failure and one to a stranger do not.
  await failed(boris.personId, "2026-12-05T10:00:00Z", "f1");
  await failed(boris.personId, "2026-11-01T10:00:00Z", "f2");
  await failed(await person("Посторонний"), "2026-12-05T10:00:00Z", "f3");

  // Entered: 12 pupils aged 10-18 in all (the seed's second-year target 60% stays), 20 aged 15-18 with
  // a target of 4%. The gymnasium has a mentee pupil and 10 pupils aged 10-18.
  await setIndicator(db, {
    organisationId: school,
    academicYear: "2026/2027",
    key: "mentees_10_18",
    denominator: 12,
    byPersonId: curator,
  });
  await setIndicator(db, {
    organisationId: school,
    academicYear: "2026/2027",
    key: "mentors_15_18",
    denominator: 20,
    target: 4,
    byPersonId: curator,
  });
  await joiner(gymProgram, "Олег Гимназист", "mentee", "pupil", "2026-11-01T08:00:00Z");
  await setIndicator(db, {
    organisationId: gymnasium,
    academicYear: "2026/2027",
    key: "mentees_10_18",
    denominator: 10,
    byPersonId: otherCurator,
  });
});
afterAll(() => database.close());

describe("an organisation's digest", () => {
  it("says every number of the hand-built week, line by line", async () => {
    const digest = await buildOrganisationDigest(db, school, now);
    const text = renderOrganisationDigest(translator, "ru", digest!).text;
    expect(text.split("\n")).toEqual([
      "📋 Сводка за неделю · Школа № 7",
      "7 декабря · программ: 1 · наставников: 3, наставляемых: 5",
      "",
      "👋 Новых участников за неделю: 3 (наставников: 1, наставляемых: 2)",
      "✍️ Ждут согласия: 1 — Зоя Белова",
      `📝 Не заполнили анкету: 3 — Борис Орлов, Женя Павлова, Участник № ${named.unnamed!.participantId}`,
      "🤝 Пар утверждено: 2 (за неделю: 1), ждут утверждения: 1",
      `🧩 Наставляемых без пары: 2 — Женя Павлова, Участник № ${named.unnamed!.participantId}`,
      "🗓 Встреч отмечено за неделю: 1",
      "🔕 Пары без встреч 21+ дней: 1 — Анна Смирнова (25 дн.)",
      "🙂 Итоговая удовлетворённость: наставляемые — 7,5 из 10 (ответов: 2); наставники — 8 из 10 (ответов: 1)",
      "💬 Промежуточные отзывы: 5,5 из 10 (ответов: 2); просят связаться с куратором: 1",
      "",
      "🎯 Показатели 2026/2027 (достигнуто / цель):",
      // Дима, Егор, Женя and the unnamed pupil; not Зоя (no consent yet), Кира (left) or Илья (a teacher).
      "🔸 Наставляемые 10–18 лет: 33% (4 из 12) / 60%",
      "✅ Наставники 15–18 лет: 5% (1 из 20) / 4%",
      "▫️ Молодые педагоги (до 3 лет): 1 чел., не задано «всего» (/indicators) / 70%",
      "▫️ Организации-партнёры с наставниками: не задано число (/indicators) / 25%",
      "🔸 Удовлетворённость наставляемых: 50% (1 из 2) / 70%",
      "✅ Удовлетворённость наставников: 100% (1 из 1) / 70%",
      "",
      "📌 Ваши задачи сейчас:",
      "• Провести групповую встречу (до 10 декабря)",
      "• Утвердить предложенные пары: 1 (/pairs)",
      "",
      "🗺 Дальше по дорожной карте:",
      "• 14 декабря — Промежуточная анкета («Учитель — ученик»)",
      "• 12 апреля — Итоговая встреча («Учитель — ученик»)",
      "",
      "❗ Не удалось доставить сообщений за неделю: 1. Проверьте, не заблокирован ли бот у адресатов.",
    ]);
    // Short enough for one phone message (Telegram cuts at 4096).
    expect(text.length).toBeLessThan(2000);
  });

  it("counts meetings per week of the term by the day held, withdrawn ones left out", async () => {
    const digest = await buildOrganisationDigest(db, school, now);
    const weeks = digest!.meetingsByWeek;
    // From the week of 1 September (Monday 31 August) to this one: 15 weeks.
    expect(weeks).toHaveLength(15);
    expect(weeks[0]).toEqual({ monday: "2026-08-31", count: 0 });
    expect(weeks.at(-1)).toEqual({ monday: "2026-12-07", count: 0 });
    expect(weeks.filter((w) => w.count > 0)).toEqual([{ monday: "2026-11-09", count: 2 }]);
  });

  it("reads in English too, with the same numbers", async () => {
    const digest = await buildOrganisationDigest(db, school, now);
    const text = renderOrganisationDigest(translator, "en", digest!).text;
    expect(text).toContain("🤝 Pairs confirmed: 2 (this week: 1), awaiting confirmation: 1");
    expect(text).toContain("🔸 Mentees aged 10-18: 33% (4 of 12) / 60%");
    expect(text).toContain("• 14 December — EN Промежуточная анкета");
    expect(text).toContain("💬 Interim feedback: 5.5 of 10 (answers: 2); asking to talk to the curator: 1");
  });

  it("draws the indicators as a PNG", async () => {
    const digest = await buildOrganisationDigest(db, school, now);
    const chart = renderChart(translator, "ru", {
      name: digest!.name,
      today: digest!.today,
      academicYear: digest!.academicYear,
      organisations: [digest!],
    });
    const png = chart.document!.content;
    expect(chart.document!.mimeType).toBe("image/png");
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width 900, and tall enough for six indicators.
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(900);
    expect(view.getUint32(20)).toBeGreaterThan(500);
  });
});

describe("the municipal digest", () => {
  it("puts each organisation's indicators side by side", async () => {
    const digest = await buildMunicipalDigest(db, municipality, now, "Europe/Moscow");
    const text = renderMunicipalDigest(translator, "ru", digest!).text;
    expect(text.split("\n")).toEqual([
      "🏛 Сводка по муниципалитету · Клинцы",
      // On the clock of the municipality's first organisation (the school, Moscow); ordered by name.
      "7 декабря · организаций: 2",
      "",
      `• Гимназия № 1 (/digest ${gymnasium}): участников 1, пар 0, встреч за неделю 0, пар без встреч 0, без согласия 0, без анкеты 1`,
      // The gymnasium's first year of the model: the seed's first targets (40, 6, 40, 15, 60, 60).
      "🎯 10/40🔸 · —/6 · —/40 · —/15 · —/60 · —/60",
      `• Школа № 7 (/digest ${school}): участников 8, пар 2, встреч за неделю 1, пар без встреч 1, без согласия 1, без анкеты 3`,
      // The school's second year, with its own 4% for mentors aged 15-18.
      "🎯 33/60🔸 · 5/4✅ · —/70 · —/25 · 50/70🔸 · 100/70✅",
      "",
      "🎯 Показатели 2026/2027, % достигнуто/цель, по порядку: Наставляемые 10–18 лет · Наставники 15–18 лет · " +
        "Молодые педагоги (до 3 лет) · Организации-партнёры с наставниками · Удовлетворённость наставляемых · " +
        "Удовлетворённость наставников. «—» — не задано «всего» или ещё нет ответов. Сводка одной организации: " +
        "/digest и её номер.",
    ]);
  });
});

describe("the weekly schedule", () => {
  it("sends on Monday 09:00 in each organisation's zone, once a week however many ticks", async () => {
    const service = createDigestService({ translator, defaultTimeZone: "Europe/Moscow", notify });
    const keys = async () =>
      (
        await db
          .selectFrom("delivery")
          .select(["dedupe_key", "person_id", "kind"])
          .where("kind", "like", "digest.%")
          .orderBy("id")
          .execute()
      ).map((d) => d.dedupe_key);
    // An organisation with last year's programme only: its curator gets nothing.
    const idle = (
      await db
        .insertInto("organisation")
        .values({ name: "Школа без программ", kind: "school", time_zone: "Europe/Moscow" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto("program")
      .values({ organisation_id: idle, name: "Старая", form_key: "pupil_pupil", academic_year: "2025/2026" })
      .execute();
    const idleCurator = await person("Куратор без программ");
    await db
      .insertInto("membership")
      .values({ person_id: idleCurator, role: "curator", organisation_id: idle, municipality_id: null })
      .execute();
    const week = isoWeek("2026-12-07");
    expect(week).toBe("2026-W50");
    // Sunday evening in both zones, and Monday 08:59 in Moscow (10:59 in Yekaterinburg: its curator's
    // and the coordinator's turn — the municipality keeps its first organisation's zone, Moscow).
    expect(await service.tick(db, new Date("2026-12-06T18:00:00Z"))).toBe(0);
    expect(await service.tick(db, new Date("2026-12-07T03:59:00Z"))).toBe(0);
    expect(await service.tick(db, new Date("2026-12-07T04:00:00Z"))).toBe(1);
    expect(await keys()).toEqual([`digest:organisation-${gymnasium}:${otherCurator}:${week}`]);
    expect(await service.tick(db, new Date("2026-12-07T05:59:00Z"))).toBe(0);
    // 09:00 in Moscow: the school's curator and the municipality's coordinator.
    expect(await service.tick(db, new Date("2026-12-07T06:00:00Z"))).toBe(2);
    // A second tick (or instance) that minute, and later ticks that day, send nothing more.
    expect(await service.tick(db, new Date("2026-12-07T06:00:00Z"))).toBe(0);
    expect(await service.tick(db, new Date("2026-12-07T12:00:00Z"))).toBe(0);
    expect(await keys()).toEqual([
      `digest:organisation-${gymnasium}:${otherCurator}:${week}`,
      `digest:organisation-${school}:${curator}:${week}`,
      `digest:municipality-${municipality}:${coordinator}:${week}`,
    ]);
    // Tuesday: nothing; the next Monday: the next week's, once each.
    expect(await service.tick(db, new Date("2026-12-08T06:00:00Z"))).toBe(0);
    expect(await service.tick(db, new Date("2026-12-14T06:30:00Z"))).toBe(3);
    expect(await service.tick(db, new Date("2026-12-14T06:31:00Z"))).toBe(0);
    expect((await keys()).filter((k) => k.endsWith("2026-W51"))).toHaveLength(3);
    expect((await keys()).filter((k) => k.includes(`organisation-${idle}:`))).toEqual([]);

    const pushed = await db
      .selectFrom("delivery")
      .select(["payload", "mentions"])
      .where("dedupe_key", "=", `digest:organisation-${school}:${curator}:${week}`)
      .executeTakeFirstOrThrow();
    const message = pushed.payload as { text: string; buttons: { label: string }[][] };
    expect(message.text).toContain("🤝 Пар утверждено: 2 (за неделю: 1), ждут утверждения: 1");
    // The picture is one tap away (the outbox keeps no files).
    expect(message.buttons.flat().map((b) => b.label)).toContain("📊 Диаграмма");
    // Everyone named in the text is listed, so erasing one of them blanks it.
    expect([...pushed.mentions].sort((a, b) => a - b)).toEqual(
      [named.anna, named.boris, named.zhenya, named.zoya, named.unnamed]
        .map((p) => p!.personId)
        .sort((a, b) => a - b),
    );
  });
});
