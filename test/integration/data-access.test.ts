import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddCoordinatorJson } from "../../src/cli/commands/add-coordinator.js";
import type { AuditLogJson } from "../../src/cli/commands/audit-log.js";
import type { ExportJson } from "../../src/cli/commands/export.js";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { organisationsVisibleTo, type Viewer } from "../../src/exports/access.js";
import { recordAudit } from "../../src/exports/audit-log.js";
import { buildOrganisationExport, runExport } from "../../src/exports/organisation-export.js";
import { collectOwnData } from "../../src/exports/own-data.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createPersonRepository } from "../../src/journey/person.repository.js";
import { loadPersonSnapshot } from "../../src/journey/person-snapshot.js";
import { nextOnboardingStep } from "../../src/journey/onboarding-step.js";
import { createOnboardingRepository } from "../../src/onboarding/onboarding.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { excelSerial, readXlsx } from "../support/xlsx-reader.js";

/**
 * Who may see an organisation's data (a curator of it, its municipality's coordinator, the admin at
 * the command line; nobody else), what the export holds against rows built by hand, that formulas
 * arrive as text, that every export leaves an audit row, coordinator invites, and /mydata's contents.
 */

const NOW = new Date("2026-12-03T09:00:00Z");
const PROGRAM = "Учитель — ученик";
const YEAR = "2026/2027";
const ERASED = "(данные удалены по просьбе участника)";

let database: TestDatabase;
let translator: Translator;
let dir: string;
const ids = {
  municipality: 0,
  otherMunicipality: 0,
  school: 0,
  otherSchool: 0,
  sameMunicipalitySchool: 0,
  program: 0,
  curator: 0,
  otherCurator: 0,
  coordinator: 0,
  otherCoordinator: 0,
  mentor: 0,
  mentee: 0,
  menteeParticipant: 0,
  mentorParticipant: 0,
  pair: 0,
};

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    {
      config: createConfig({ DATA_DIR: "memory://", DEFAULT_TIMEZONE: "Europe/Moscow" }),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale: "ru",
      openDatabase: () => Promise.resolve(database.db),
    },
    argv,
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function person(name: string | null, extra: { isMinor?: boolean; erased?: boolean } = {}) {
  const row = await database.db
    .insertInto("person")
    .values({
      display_name: name,
      locale: "ru",
      is_minor: extra.isMinor ?? false,
      time_zone: null,
      erased_at: extra.erased ? "2026-11-01T00:00:00Z" : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function participant(
  programId: number,
  personId: number,
  side: "mentor" | "mentee",
  status: "active" | "pending_consent" | "left",
  joined: string,
) {
  const row = await database.db
    .insertInto("participant")
    .values({
      program_id: programId,
      person_id: personId,
      side,
      category: side === "mentor" ? "teacher" : "pupil",
      status,
      joined_at: joined,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  translator = await loadTranslator();
  dir = await mkdtemp(path.join(tmpdir(), "data-access-"));
  const { db } = database;
  const municipality = (name: string) =>
    db.insertInto("municipality").values({ name, region: null }).returning("id").executeTakeFirstOrThrow();
  ids.municipality = (await municipality("Городской округ Северный")).id;
  ids.otherMunicipality = (await municipality("Южный район")).id;
  const organisation = (name: string, municipalityId: number) =>
    db
      .insertInto("organisation")
      .values({ name, kind: "school", time_zone: "Europe/Moscow", municipality_id: municipalityId })
      .returning("id")
      .executeTakeFirstOrThrow();
  ids.school = (await organisation("Школа № 1", ids.municipality)).id;
  ids.sameMunicipalitySchool = (await organisation("Гимназия № 3", ids.municipality)).id;
  ids.otherSchool = (await organisation("Школа № 2", ids.otherMunicipality)).id;
  const program = (organisationId: number, name: string) =>
    db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name,
        form_key: "teacher_pupil",
        role_variant: null,
        academic_year: YEAR,
        starts_on: null,
        ends_on: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  ids.program = (await program(ids.school, PROGRAM)).id;
  const otherProgram = (await program(ids.otherSchool, "Чужая программа")).id;

  const membership = (
    personId: number,
    role: "curator" | "coordinator",
    scope: { organisation?: number; municipality?: number },
  ) =>
    db
      .insertInto("membership")
      .values({
        person_id: personId,
        role,
        organisation_id: scope.organisation ?? null,
        municipality_id: scope.municipality ?? null,
      })
      .execute();
  ids.curator = await person("Куратор Первой");
  await membership(ids.curator, "curator", { organisation: ids.school });
  ids.otherCurator = await person("Куратор Второй");
  await membership(ids.otherCurator, "curator", { organisation: ids.otherSchool });
  ids.coordinator = await person("Координатор Северного");
  await membership(ids.coordinator, "coordinator", { municipality: ids.municipality });
  ids.otherCoordinator = await person("Координатор Южного");
  await membership(ids.otherCoordinator, "coordinator", { municipality: ids.otherMunicipality });

  ids.mentor = await person("Иванова Анна Петровна");
  ids.mentorParticipant = await participant(
    ids.program,
    ids.mentor,
    "mentor",
    "active",
    "2026-09-10T08:00:00Z",
  );
  ids.mentee = await person("Петров Иван", { isMinor: true });
  ids.menteeParticipant = await participant(
    ids.program,
    ids.mentee,
    "mentee",
    "active",
    "2026-09-11T08:00:00Z",
  );
  // A name that a spreadsheet would run as a formula, and an erased person's tombstone.
  await participant(ids.program, await person("=1+2"), "mentee", "pending_consent", "2026-09-11T09:00:00Z");
  await participant(
    ids.program,
    await person(null, { erased: true }),
    "mentee",
    "left",
    "2026-09-11T10:00:00Z",
  );
  // Someone else's organisation: never in this school's export.
  await participant(otherProgram, await person("Чужой Участник"), "mentee", "active", "2026-09-11T08:00:00Z");

  await db
    .insertInto("consent")
    .values([
      {
        person_id: ids.mentor,
        kind: "personal_data",
        text_version: "2026-09",
        given_by: "self",
        given_at: "2026-09-10T08:00:00Z",
      },
      {
        person_id: ids.mentee,
        kind: "parental",
        text_version: "2026-09",
        given_by: "parent",
        given_at: "2026-09-12T08:00:00Z",
      },
    ])
    .execute();
  await db
    .insertInto("channel_account")
    .values({ person_id: ids.mentee, channel: "telegram", external_id: "5550001", chat_id: "5550001" })
    .execute();

  const session = await db
    .insertInto("form_session")
    .values({
      person_id: ids.mentee,
      program_id: ids.program,
      form_key: "mentee_entry_pupil",
      form_version: 1,
      status: "submitted",
      step: null,
      state: JSON.stringify({}),
      started_at: "2026-09-15T08:50:00Z",
      submitted_at: "2026-09-15T09:00:00Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("answer")
    .values(
      [
        ["grade", "7"],
        ["needs", ["subjects", "exams"]],
        ["goals", "+7 баллов по математике"],
      ].map(([key, value]) => ({
        form_session_id: session.id,
        question_key: key as string,
        form_version: 1,
        value: JSON.stringify(value),
        answered_at: "2026-09-15T08:55:00Z",
      })),
    )
    .execute();

  ids.pair = (
    await db
      .insertInto("pair")
      .values({
        program_id: ids.program,
        mentor_participant_id: ids.mentorParticipant,
        status: "confirmed",
        proposed_at: "2026-09-30T09:00:00Z",
        confirmed_by_person_id: ids.curator,
        confirmed_at: "2026-10-01T09:00:00Z",
        finished_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto("pair_mentee")
    .values({ pair_id: ids.pair, mentee_participant_id: ids.menteeParticipant })
    .execute();
  const meeting = (heldOn: string, deleted: boolean) =>
    db
      .insertInto("meeting")
      .values({
        pair_id: ids.pair,
        type: "first",
        held_on: heldOn,
        format: "in_person",
        length_minutes: 45,
        topics: "Знакомство",
        topic_codes: ["study", "goals"],
        next_on: null,
        logged_by_person_id: ids.mentor,
        form_session_id: null,
        deleted_at: deleted ? new Date("2026-10-07T09:00:00Z") : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const held = await meeting("2026-10-05", false);
  // Withdrawn by the mentor: kept for the record, in no export.
  await meeting("2026-10-06", true);
  await db
    .insertInto("meeting_confirmation")
    .values({
      meeting_id: held.id,
      participant_id: ids.menteeParticipant,
      happened: true,
      usefulness: 4,
      comment: "Полезно",
    })
    .execute();
});

afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

const asPerson = (personId: number): Viewer => ({ kind: "person", personId });

function request(viewer: Viewer, organisationId: number) {
  return {
    viewer,
    channel: "telegram" as const,
    organisationId,
    what: "participants" as const,
    locale: "ru" as const,
    translator,
    now: NOW,
  };
}

const auditRows = () =>
  database.db
    .selectFrom("audit_log")
    .select([
      "actor_person_id",
      "actor_role",
      "actor_label",
      "channel",
      "action",
      "subject",
      "format",
      "organisation_id",
      "row_count",
    ])
    .orderBy("id")
    .execute();

/** The rows a sheet reads back, each padded to the header's width (the reader drops trailing blanks). */
function padded(rows: (string | number | boolean | null)[][], from: number, width: number) {
  return rows.slice(from).map((row) => [...row, ...Array<null>(Math.max(0, width - row.length)).fill(null)]);
}

/** RFC 4180 with `;`, as toCsv writes it. */
function parseCsv(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ";") {
      row.push(field);
      field = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe("access to an organisation's data", () => {
  it("lets a curator of the organisation, its municipality's coordinator and the admin export it, and records each", async () => {
    const before = (await auditRows()).length;
    for (const viewer of [asPerson(ids.curator), asPerson(ids.coordinator), { kind: "admin" } as const]) {
      const result = await runExport(database.db, request(viewer, ids.school));
      expect(result.kind).toBe("done");
    }
    const rows = (await auditRows()).slice(before);
    expect(rows).toEqual([
      {
        actor_person_id: ids.curator,
        actor_role: "curator",
        actor_label: null,
        channel: "telegram",
        action: "export",
        subject: "participants",
        format: "xlsx",
        organisation_id: ids.school,
        row_count: 4,
      },
      expect.objectContaining({ actor_person_id: ids.coordinator, actor_role: "coordinator", row_count: 4 }),
      expect.objectContaining({ actor_person_id: null, actor_role: "admin", row_count: 4 }),
    ]);
  });

  it("refuses a participant, a curator of another organisation and another municipality's coordinator, and records nothing", async () => {
    const before = (await auditRows()).length;
    for (const personId of [ids.mentee, ids.mentor, ids.otherCurator, ids.otherCoordinator]) {
      expect(await runExport(database.db, request(asPerson(personId), ids.school))).toEqual({
        kind: "refused",
      });
    }
    // A person never learns whether an organisation exists; the admin does.
    expect(await runExport(database.db, request(asPerson(ids.curator), 999_999))).toEqual({
      kind: "refused",
    });
    expect(await runExport(database.db, request({ kind: "admin" }, 999_999))).toEqual({
      kind: "unknown_organisation",
    });
    expect((await auditRows()).length).toBe(before);
  });

  it("lists to each viewer only the organisations they may see", async () => {
    const names = async (viewer: Viewer) =>
      (await organisationsVisibleTo(database.db, viewer)).map((o) => `${o.name}:${o.role}`);
    expect(await names(asPerson(ids.curator))).toEqual(["Школа № 1:curator"]);
    expect(await names(asPerson(ids.coordinator))).toEqual([
      "Гимназия № 3:coordinator",
      "Школа № 1:coordinator",
    ]);
    expect(await names(asPerson(ids.otherCoordinator))).toEqual(["Школа № 2:coordinator"]);
    expect(await names(asPerson(ids.mentee))).toEqual([]);
    expect(await names({ kind: "admin" })).toHaveLength(3);
  });
});

describe("the organisation's export", () => {
  it("holds the participants, answers, pairs, meetings and indicators as built by hand, formulas as text", async () => {
    const built = await buildOrganisationExport(database.db, {
      organisationId: ids.school,
      what: "all",
      locale: "ru",
      translator,
      now: NOW,
    });
    expect(built!.files).toHaveLength(1);
    expect(built!.files[0]!.fileName).toBe("Школа № 1, всё в одном файле, 2026-12-03.xlsx");
    const sheets = readXlsx(built!.files[0]!.content);
    expect(sheets.map((s) => s.name)).toEqual([
      "Участники",
      "Анкета участника",
      "Пары",
      "Встречи",
      "Показатели",
    ]);
    const [participants, answers, pairs, meetings, indicators] = sheets;

    expect(participants!.rows[0]).toEqual(["Школа № 1: Участники"]);
    expect(participants!.rows[3]).toEqual([
      "№",
      "ФИО",
      "Программа",
      "Учебный год",
      "Роль",
      "Категория",
      "Статус",
      "Дата включения",
      "Несовершеннолетний",
      "Согласие на обработку ПДн",
    ]);
    expect(padded(participants!.rows, 4, 10)).toEqual([
      [
        1,
        "Иванова Анна Петровна",
        PROGRAM,
        YEAR,
        "наставник",
        "педагог",
        "участвует",
        excelSerial("2026-09-10"),
        "нет",
        excelSerial("2026-09-10"),
      ],
      [2, ERASED, PROGRAM, YEAR, "наставляемый", "ученик", "выбыл", excelSerial("2026-09-11"), null, null],
      [
        3,
        "'=1+2",
        PROGRAM,
        YEAR,
        "наставляемый",
        "ученик",
        "ждёт согласия",
        excelSerial("2026-09-11"),
        "нет",
        null,
      ],
      // A minor's participation rests on the parent's consent: that is the day shown.
      [
        4,
        "Петров Иван",
        PROGRAM,
        YEAR,
        "наставляемый",
        "ученик",
        "участвует",
        excelSerial("2026-09-11"),
        "да",
        excelSerial("2026-09-12"),
      ],
    ]);

    const header = answers!.rows[3] as string[];
    expect(header.slice(0, 5)).toEqual(["№", "ФИО", "Программа", "Роль", "Дата ответа"]);
    const column = (text: string) => header.indexOf(text);
    const row = answers!.rows[4]!;
    expect(row.slice(0, 5)).toEqual([1, "Петров Иван", PROGRAM, "наставляемый", excelSerial("2026-09-15")]);
    expect(row[column("В каком вы классе?")]).toBe("7 класс");
    expect(row[column("С чем вам хотелось бы помощи?")]).toBe(
      "Разобраться в предметах; Подготовиться к ОГЭ или ЕГЭ",
    );
    expect(row[column("Чего вы хотите добиться с наставником?")]).toBe("'+7 баллов по математике");
    expect(answers!.rows).toHaveLength(5);

    expect(padded(pairs!.rows, 4, 13)).toEqual([
      [
        1,
        PROGRAM,
        "Иванова Анна Петровна",
        "Петров Иван",
        1,
        "учитель — ученик",
        "утверждена",
        excelSerial("2026-09-30"),
        excelSerial("2026-10-01"),
        null,
        null,
        1,
        excelSerial("2026-10-05"),
      ],
    ]);
    expect(padded(meetings!.rows, 4, 12)).toEqual([
      [
        1,
        excelSerial("2026-10-05"),
        "4 кв. 2026",
        PROGRAM,
        "Иванова Анна Петровна",
        "Петров Иван",
        "знакомство",
        "очно",
        45,
        "Учёба, предметы; Цели и план; Знакомство",
        1,
        4,
      ],
    ]);

    expect(indicators!.rows[3]!.slice(0, 3)).toEqual(["№", "Показатель", "Учебный год"]);
    expect(indicators!.rows.slice(4).map((r) => r[1])).toEqual([
      "Доля обучающихся 10-18 лет, вовлечённых в наставничество в роли наставляемого",
      "Доля обучающихся 15-18 лет, вовлечённых в наставничество в роли наставника",
      "Доля молодых педагогов (стаж 0-3 года), вовлечённых в наставничество в роли наставляемого",
      "Доля предприятий и организаций-партнёров, предоставивших наставников",
      "Удовлетворённость наставляемых участием в программе",
      "Удовлетворённость наставников участием в программе",
    ]);
    // The one active pupil mentee is counted; no denominator was entered, so there is no share yet.
    expect(indicators!.rows[4]!.slice(2, 6)).toEqual([YEAR, 1, null, null]);
  });

  it("writes CSV one file per sheet, neutralising formulas there too", async () => {
    const built = await buildOrganisationExport(database.db, {
      organisationId: ids.school,
      what: "participants",
      format: "csv",
      locale: "ru",
      translator,
      now: NOW,
    });
    expect(built!.files.map((f) => f.fileName)).toEqual(["Школа № 1, Участники, 2026-12-03.csv"]);
    const rows = parseCsv(built!.files[0]!.content);
    expect(rows[0]![1]).toBe("ФИО");
    expect(rows.map((r) => r[1])).toEqual(["ФИО", "Иванова Анна Петровна", ERASED, "'=1+2", "Петров Иван"]);
    expect(rows[4]!.slice(7)).toEqual(["2026-09-11", "да", "2026-09-12"]);
  });
});

describe("the command line", () => {
  it("exports as the admin into a folder and records the operator in the audit log", async () => {
    const before = (await auditRows()).length;
    const run = await cli([
      "export",
      "--organisation",
      String(ids.school),
      "--what",
      "meetings",
      "--format",
      "csv",
      "--out",
      dir,
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ExportJson;
    expect(json.files).toEqual([path.join(dir, "Школа № 1, Встречи, 2026-12-03.csv")]);
    expect(json.rows).toBe(1);
    const csv = parseCsv(await readFile(json.files[0]!));
    expect(csv[1]!.slice(0, 7)).toEqual([
      "1",
      "2026-10-05",
      "4 кв. 2026",
      PROGRAM,
      "Иванова Анна Петровна",
      "Петров Иван",
      "знакомство",
    ]);
    const [row] = (await auditRows()).slice(before);
    expect(row).toMatchObject({
      actor_person_id: null,
      actor_role: "admin",
      channel: "cli",
      action: "export",
      subject: "meetings",
      format: "csv",
      organisation_id: ids.school,
      row_count: 1,
    });
    expect(row!.actor_label).toBeTruthy();
  });

  it("refuses an unknown organisation without writing anything", async () => {
    const run = await cli(["export", "--organisation", "999999", "--out", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("организации с id 999999 нет");
  });

  it("invites a municipal coordinator, whose redeemed invite gives the municipality's organisations", async () => {
    const run = await cli(["add-coordinator", "--municipality", String(ids.otherMunicipality), "--json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as AddCoordinatorJson;
    expect(json.municipality).toEqual({ id: ids.otherMunicipality, name: "Южный район" });
    const invite = await database.db
      .selectFrom("invite")
      .selectAll()
      .where("code", "=", json.invite.code)
      .executeTakeFirstOrThrow();
    expect(invite).toMatchObject({
      role: "coordinator",
      organisation_id: null,
      municipality_id: ids.otherMunicipality,
      max_uses: 1,
    });

    const newcomer = await database.db
      .insertInto("person")
      .values({ display_name: null, locale: "ru", is_minor: null, time_zone: null, erased_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const repository = createOnboardingRepository();
    const redeem = (personId: number) =>
      repository.redeemInvite(database.db, {
        code: json.invite.code,
        personId,
        now: NOW,
        participantStatus: "active",
      });
    expect(await redeem(newcomer.id)).toEqual({
      kind: "became_coordinator",
      municipalityId: ids.otherMunicipality,
    });
    // A second tap changes nothing; anybody else finds the one use spent.
    expect(await redeem(newcomer.id)).toEqual({
      kind: "already_coordinator",
      municipalityId: ids.otherMunicipality,
    });
    expect(await redeem(ids.mentee)).toEqual({ kind: "used_up" });

    const snapshot = await loadPersonSnapshot(database.db, newcomer.id);
    expect(snapshot.coordinatorOf).toEqual([{ municipalityId: ids.otherMunicipality, name: "Южный район" }]);
    // Like a curator, a coordinator acts as an adult: no age question, straight to consent.
    expect(nextOnboardingStep(snapshot)).toBe("consent");
    expect((await organisationsVisibleTo(database.db, asPerson(newcomer.id))).map((o) => o.id)).toEqual([
      ids.otherSchool,
    ]);
  });

  it("keeps an invite's scope to its role: a coordinator's names a municipality, any other an organisation", async () => {
    const insert = (values: {
      role: "curator" | "coordinator";
      organisation: number | null;
      municipality: number | null;
    }) =>
      database.db
        .insertInto("invite")
        .values({
          code: `SCOPE${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
          organisation_id: values.organisation,
          municipality_id: values.municipality,
          program_id: null,
          side: null,
          category: null,
          role: values.role,
          expires_at: "2026-12-10T00:00:00Z",
        })
        .execute();
    await expect(
      insert({ role: "coordinator", organisation: ids.school, municipality: null }),
    ).rejects.toThrow(/invite_scope_check/);
    await expect(
      insert({ role: "curator", organisation: ids.school, municipality: ids.municipality }),
    ).rejects.toThrow(/invite_scope_check/);
    await expect(insert({ role: "curator", organisation: null, municipality: null })).rejects.toThrow(
      /invite_scope_check/,
    );
    await expect(
      insert({ role: "coordinator", organisation: null, municipality: ids.municipality }),
    ).resolves.toBeDefined();
  });

  it("refuses a coordinator invite for an unknown municipality", async () => {
    const run = await cli(["add-coordinator", "--municipality", "999999"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("муниципалитета с id 999999 нет");
  });
});

describe("a person's own data (/mydata)", () => {
  it("lists the profile, accounts, consents, participations, answers, the pair with its meetings and the messages", async () => {
    await database.db
      .insertInto("delivery")
      .values({
        person_id: ids.mentee,
        channel_account_id: null,
        channel: "telegram",
        kind: "pair_formed",
        dedupe_key: "own-data-test",
        payload: JSON.stringify({ text: "Ваш наставник: Иванова Анна Петровна" }),
        due_at: "2026-10-01T09:00:00Z",
        status: "sent",
        sent_at: "2026-10-01T09:00:05Z",
      })
      .execute();
    const own = await collectOwnData(database.db, {
      personId: ids.mentee,
      locale: "ru",
      translator,
      now: NOW,
      timeZone: "Europe/Moscow",
    });
    const data = own!.data;
    expect(data.person).toMatchObject({ id: ids.mentee, name: "Петров Иван", language: "ru", minor: true });
    expect(data.accounts).toEqual([expect.objectContaining({ channel: "telegram", externalId: "5550001" })]);
    expect(data.consents).toEqual([
      {
        kind: "согласие законного представителя",
        textVersion: "2026-09",
        givenBy: "законным представителем",
        givenAt: "2026-09-12T08:00:00.000Z",
        revokedAt: null,
      },
    ]);
    expect(data.participations).toEqual([
      {
        program: PROGRAM,
        organisation: "Школа № 1",
        academicYear: YEAR,
        side: "наставляемый",
        category: "ученик",
        status: "участвует",
        joinedAt: "2026-09-11T08:00:00.000Z",
      },
    ]);
    expect(data.forms).toHaveLength(1);
    expect(data.forms[0]).toMatchObject({ form: "Анкета участника", status: "отправлена", program: PROGRAM });
    expect(data.forms[0]!.answers.map((a) => [a.question, a.answer])).toEqual([
      ["В каком вы классе?", "7 класс"],
      ["С чем вам хотелось бы помощи?", "Разобраться в предметах; Подготовиться к ОГЭ или ЕГЭ"],
      ["Чего вы хотите добиться с наставником?", "+7 баллов по математике"],
    ]);
    expect(data.pairs).toEqual([
      {
        program: PROGRAM,
        side: "наставляемый",
        mentor: "Иванова Анна Петровна",
        mentees: ["Петров Иван"],
        status: "утверждена",
        confirmedAt: "2026-10-01T09:00:00.000Z",
        finishedAt: null,
        meetings: [
          {
            heldOn: "2026-10-05",
            type: "знакомство",
            format: "очно",
            lengthMinutes: 45,
            topics: "Учёба, предметы; Цели и план; Знакомство",
            withdrawn: false,
            myConfirmation: { happened: true, usefulness: 4, comment: "Полезно" },
          },
          expect.objectContaining({ heldOn: "2026-10-06", withdrawn: true, myConfirmation: null }),
        ],
      },
    ]);
    expect(data.messages).toEqual([
      expect.objectContaining({
        kind: "pair_formed",
        status: "sent",
        text: "Ваш наставник: Иванова Анна Петровна",
      }),
    ]);
    expect(own!.summary).toEqual({
      accounts: "Telegram (id 5550001)",
      consents: "согласие законного представителя, версия текста 2026-09, от 12.09.2026",
      programs: `«${PROGRAM}» (наставляемый, участвует)`,
      formCount: 1,
      answerCount: 3,
      pairCount: 1,
      meetingCount: 1,
      messageCount: 1,
    });
    expect(own!.document.fileName).toBe("Мои данные, 2026-12-03.json");
    expect(JSON.parse(new TextDecoder().decode(own!.document.content))).toEqual(data);
  });

  it("holds nothing of other people's answers or participations", async () => {
    const own = await collectOwnData(database.db, {
      personId: ids.mentor,
      locale: "ru",
      translator,
      now: NOW,
      timeZone: "Europe/Moscow",
    });
    expect(own!.data.forms).toEqual([]);
    expect(own!.data.participations.map((p) => p.side)).toEqual(["наставник"]);
    expect(own!.data.pairs.map((p) => p.side)).toEqual(["наставник"]);
    expect(own!.data.pairs[0]!.meetings[0]!.myConfirmation).toBeNull();
    expect(own!.data.messages).toEqual([]);
  });
});

describe("the audit log", () => {
  it("is read back at the command line, newest first, one organisation's or all", async () => {
    const json = await cli(["audit-log", "--organisation", String(ids.school), "--limit", "1", "--json"]);
    expect(json.code).toBe(0);
    const { rows } = JSON.parse(json.stdout) as AuditLogJson;
    expect(rows).toEqual([
      {
        at: NOW.toISOString(),
        actor: { personId: null, name: null, role: "admin", label: expect.any(String) as string },
        channel: "cli",
        action: "export",
        subject: "meetings",
        format: "csv",
        organisation: { id: ids.school, name: "Школа № 1" },
        rows: 1,
      },
    ]);
    const text = await cli(["audit-log", "--organisation", String(ids.school)]);
    expect(text.stdout).toContain(
      "куратор Куратор Первой · telegram · выгрузка: участники (xlsx) · Школа № 1 · 4 строки",
    );
    // A person's own data belongs to no organisation and counts no rows.
    await recordAudit(database.db, {
      actorPersonId: ids.mentee,
      actorRole: "participant",
      channel: "vk",
      action: "own_data",
      subject: "own_data",
      format: "json",
      at: NOW,
    });
    expect((await cli(["audit-log", "--limit", "1"])).stdout).toMatch(
      /^\S+ \S+ · участник Петров Иван · vk · свои данные \(\/mydata\) \(json\) · —$/,
    );
    expect((await cli(["audit-log", "--organisation", String(ids.otherSchool)])).stdout).toBe(
      "Журнал доступа пуст: данные ещё никто не выгружал.",
    );
  });

  it("keeps the audit rows of a person erased since, without the person", async () => {
    const gone = await person("Уйдёт Скоро");
    await database.db
      .insertInto("membership")
      .values({ person_id: gone, role: "curator", organisation_id: ids.school })
      .execute();
    expect((await runExport(database.db, request(asPerson(gone), ids.school))).kind).toBe("done");
    const before = await auditRows();
    await createPersonRepository(database.db).erase(gone, NOW);
    const after = await auditRows();
    expect(after).toHaveLength(before.length);
    expect(after.at(-1)).toMatchObject({
      actor_person_id: null,
      actor_role: "curator",
      organisation_id: ids.school,
    });
  });
});
