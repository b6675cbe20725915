import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AddCuratorJson } from "../../src/cli/commands/add-curator.js";
import type { AddMunicipalityJson } from "../../src/cli/commands/add-municipality.js";
import type { AddOrganisationJson } from "../../src/cli/commands/add-organisation.js";
import type { CreateInvitesJson } from "../../src/cli/commands/create-invites.js";
import type { CreateProgramJson } from "../../src/cli/commands/create-program.js";
import type { MigrateJson } from "../../src/cli/commands/migrate.js";
import { runCli } from "../../src/cli/run.js";
import { createConfig, type Config } from "../../src/config.js";
import { loadTranslator, type Locale, type Translator } from "../../src/i18n/translator.js";
import { createInviteService } from "../../src/invites/invite.service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** 2026-08-31 20:30 UTC: already 1 September in Yekaterinburg (UTC+5), still 31 August in Kaliningrad (UTC+2). */
const NOW = new Date("2026-08-31T20:30:00Z");
const DAY_MS = 86_400_000;

let database: TestDatabase;
let translator: Translator;

beforeAll(async () => {
  database = await createTestDatabase();
  translator = await loadTranslator();
});

afterAll(async () => {
  await database.close();
});

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object --json promises. */
  json: <T>() => T;
}

async function cli(
  argv: string[],
  options: { env?: Record<string, string>; locale?: Locale; db?: TestDatabase } = {},
): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const config: Config = createConfig({
    DATA_DIR: "memory://",
    DEFAULT_TIMEZONE: "Asia/Irkutsk",
    ...options.env,
  });
  const code = await runCli(
    {
      config,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale: options.locale ?? "ru",
      openDatabase: () => Promise.resolve((options.db ?? database).db),
    },
    argv,
  );
  const stdout = out.join("\n");
  return {
    code,
    stdout,
    stderr: err.join("\n"),
    json: <T>() => JSON.parse(stdout) as T,
  };
}

const TABLES = [
  "municipality",
  "organisation",
  "program",
  "invite",
  "person",
  "channel_account",
  "membership",
  "participant",
] as const;

async function rowCounts(db: TestDatabase = database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      db.db,
    );
    counts[table] = rows[0]!.n;
  }
  return counts;
}

/** Runs a command that must be refused: exit 2, the option named on stderr, nothing written. */
async function expectRefused(argv: string[], option: string | RegExp, problem?: RegExp): Promise<RunResult> {
  const before = await rowCounts();
  const result = await cli(argv);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(typeof option === "string" ? new RegExp(`Ошибка в ${option}:`) : option);
  if (problem) expect(result.stderr).toMatch(problem);
  expect(result.stdout).toBe("");
  expect(await rowCounts()).toEqual(before);
  return result;
}

async function newOrganisation(extra: string[] = []): Promise<number> {
  const result = await cli(["add-organisation", "--name", "Школа", "--kind", "school", "--json", ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return result.json<AddOrganisationJson>().organisation.id;
}

async function newProgram(organisationId: number, form = "teacher_pupil"): Promise<number> {
  const result = await cli([
    "create-program",
    "--organisation",
    String(organisationId),
    "--name",
    "Программа",
    "--form",
    form,
    "--json",
  ]);
  expect(result.code, result.stderr).toBe(0);
  return result.json<CreateProgramJson>().program.id;
}

describe("command line: general", () => {
  it("lists every command with --help, help or no command at all", async () => {
    for (const argv of [["--help"], ["help"], []]) {
      const result = await cli(argv);
      expect(result.code).toBe(0);
      for (const name of [
        "migrate",
        "add-municipality",
        "add-organisation",
        "add-curator",
        "create-program",
        "create-invites",
        "seed-demo",
      ]) {
        expect(result.stdout).toContain(`  ${name} `);
      }
    }
  });

  it("shows a command's options with <command> --help, in the operator's language", async () => {
    const ru = await cli(["create-program", "--help"]);
    expect(ru.code).toBe(0);
    expect(ru.stdout).toMatch(/--form pupil_pupil\|student_student\|.*parent_pupil/);
    expect(ru.stdout).toMatch(/--organisation ID\s+id организации \(обязательный\)/);
    const en = await cli(["create-program", "--help"], { locale: "en" });
    expect(en.stdout).toMatch(/--organisation ID\s+the organisation's id \(required\)/);
  });

  it("refuses an unknown command with exit code 2", async () => {
    const result = await cli(["add-school", "--name", "X"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("неизвестная команда «add-school»");
    expect(result.stderr).toContain("npm run cli -- --help");
  });

  it("suggests the command a mistyped name most likely meant", async () => {
    const typo = await cli(["add-organization", "--name", "X"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("может быть, вы имели в виду «add-organisation»?");
    const en = await cli(["seed-dem"], { locale: "en" });
    expect(en.stderr).toContain('did you mean "seed-demo"?');
    const far = await cli(["frobnicate"]);
    expect(far.stderr).not.toContain("имели в виду");
  });

  it("with --json, reports a refusal as one JSON object on stdout too", async () => {
    const before = await rowCounts();
    const result = await cli(["add-organisation", "--json", "--name", "X", "--kind", "university"], {
      locale: "en",
    });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: {
        code: "cli-error-choice",
        option: "--kind",
        message: '"university" is not one of: school, college, additional_education, other',
      },
    });
    expect(result.stderr).toContain("Error in --kind:");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an unknown option, a repeated one, a missing value and a stray argument", async () => {
    await expectRefused(
      ["add-municipality", "--name", "A", "--colour", "red"],
      "--colour",
      /у команды add-municipality нет такого параметра/,
    );
    await expectRefused(["add-municipality", "--name", "A", "--name", "B"], "--name", /дважды/);
    await expectRefused(["add-municipality", "--name"], "--name", /нужно значение/);
    await expectRefused(["add-municipality", "--name", "--region", "R"], "--name", /нужно значение/);
    await expectRefused(["add-municipality", "--name", "A", "Иркутск"], /Ошибка: лишний аргумент «Иркутск»/);
    await expectRefused(["add-municipality", "--name", "A", "--json=yes"], "--json", /флаг/);
  });
});

describe("migrate", () => {
  it("applies every migration to an empty database, then finds nothing to do", async () => {
    const empty = await createTestDatabase({ migrate: false });
    try {
      const first = await cli(["migrate", "--json"], { db: empty });
      expect(first.code, first.stderr).toBe(0);
      expect(first.json<MigrateJson>().applied).toContain("2026-11-23T09-00_initial-schema");
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from organisation`.execute(
        empty.db,
      );
      expect(rows[0]!.n).toBe(0);

      const second = await cli(["migrate"], { db: empty });
      expect(second.code).toBe(0);
      expect(second.stdout).toBe("Схема базы данных актуальна: новых миграций нет.");
      expect((await cli(["migrate", "--json"], { db: empty })).json()).toEqual({ applied: [] });
    } finally {
      await empty.close();
    }
  });

  it("brings a fresh database up to date before any other command", async () => {
    const empty = await createTestDatabase({ migrate: false });
    try {
      const result = await cli(["add-municipality", "--name", "Свежий", "--json"], { db: empty });
      expect(result.code, result.stderr).toBe(0);
      expect(result.json<AddMunicipalityJson>().municipality.name).toBe("Свежий");
    } finally {
      await empty.close();
    }
  });
});

describe("add-municipality", () => {
  it("creates a municipality and says what it created", async () => {
    const result = await cli(["add-municipality", "--name", "  Братск  ", "--region", "Иркутская область"]);
    expect(result.code, result.stderr).toBe(0);
    const row = await database.db
      .selectFrom("municipality")
      .selectAll()
      .where("name", "=", "Братск")
      .executeTakeFirstOrThrow();
    expect(row.region).toBe("Иркутская область");
    expect(result.stdout).toBe(`Муниципалитет создан: id ${row.id}, «Братск».\nРегион: Иркутская область.`);
    expect(result.stderr).toBe("");
  });

  it("prints one JSON object with --json", async () => {
    const result = await cli(["add-municipality", "--json", "--name", "Клинцы"]);
    expect(result.code).toBe(0);
    const { municipality } = result.json<AddMunicipalityJson>();
    expect(municipality).toEqual({ id: municipality.id, name: "Клинцы", region: null });
    const row = await database.db
      .selectFrom("municipality")
      .selectAll()
      .where("id", "=", municipality.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe("Клинцы");
  });

  it("refuses a name that is missing, empty or already taken", async () => {
    await expectRefused(["add-municipality"], "--name", /обязательный параметр/);
    await expectRefused(["add-municipality", "--name", "   "], "--name", /пустым/);
    await expectRefused(["add-municipality", "--name", "x".repeat(201)], "--name", /не больше 200/);
    await cli(["add-municipality", "--name", "Саба"]);
    const taken = await database.db
      .selectFrom("municipality")
      .select("id")
      .where("name", "=", "Саба")
      .executeTakeFirstOrThrow();
    await expectRefused(
      ["add-municipality", "--name", "Саба"],
      "--name",
      new RegExp(`уже есть \\(id ${taken.id}\\)`),
    );
  });
});

describe("add-organisation", () => {
  it("creates an organisation in DEFAULT_TIMEZONE when no zone is given", async () => {
    const result = await cli(["add-organisation", "--name", "Лицей № 2", "--kind", "school"]);
    expect(result.code, result.stderr).toBe(0);
    const row = await database.db
      .selectFrom("organisation")
      .selectAll()
      .where("name", "=", "Лицей № 2")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "school", time_zone: "Asia/Irkutsk", municipality_id: null });
    expect(result.stdout).toBe(
      `Организация создана: id ${row.id}, «Лицей № 2» (тип: школа, часовой пояс Asia/Irkutsk).`,
    );
  });

  it("takes a zone and a municipality, and prints JSON", async () => {
    const municipality = (
      await cli(["add-municipality", "--name", "Томск", "--json"])
    ).json<AddMunicipalityJson>().municipality.id;
    const result = await cli([
      "add-organisation",
      "--name",
      "Колледж",
      "--kind",
      "college",
      "--timezone",
      "Asia/Tomsk",
      "--municipality",
      String(municipality),
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { organisation } = result.json<AddOrganisationJson>();
    expect(organisation).toEqual({
      id: organisation.id,
      name: "Колледж",
      kind: "college",
      timeZone: "Asia/Tomsk",
      municipalityId: municipality,
      legalName: null,
      address: null,
    });
    const row = await database.db
      .selectFrom("organisation")
      .selectAll()
      .where("id", "=", organisation.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ time_zone: "Asia/Tomsk", municipality_id: municipality, kind: "college" });
  });

  it("keeps the legal name and address the consent names as the operator", async () => {
    const legalName = "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 5»";
    const address = "634050, г. Томск, пр. Ленина, д. 5";
    const result = await cli([
      "add-organisation",
      "--name",
      "Лицей № 5",
      "--kind",
      "school",
      "--legal-name",
      legalName,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Полное наименование: ${legalName}.`);
    const json = await cli([
      "add-organisation",
      "--name",
      "Лицей № 6",
      "--kind",
      "school",
      "--legal-name",
      legalName.replace("5", "6"),
      "--address",
      address,
      "--json",
    ]);
    expect(json.code, json.stderr).toBe(0);
    const { organisation } = json.json<AddOrganisationJson>();
    expect(organisation).toMatchObject({ legalName: legalName.replace("5", "6"), address });
    const rows = await database.db
      .selectFrom("organisation")
      .select(["name", "legal_name", "address"])
      .where("name", "in", ["Лицей № 5", "Лицей № 6"])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { name: "Лицей № 5", legal_name: legalName, address: null },
      { name: "Лицей № 6", legal_name: legalName.replace("5", "6"), address },
    ]);
  });

  it("refuses a bad kind, zone or municipality and writes nothing", async () => {
    await expectRefused(["add-organisation", "--name", "X"], "--kind", /обязательный/);
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "university"],
      "--kind",
      /school, college/,
    );
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "school", "--timezone", "Mars/Olympus"],
      "--timezone",
      /«Mars\/Olympus» — не часовой пояс IANA/,
    );
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "school", "--timezone", "MSK"],
      "--timezone",
    );
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "school", "--municipality", "999999"],
      "--municipality",
      /муниципалитета с id 999999 нет/,
    );
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "school", "--municipality", "abc"],
      "--municipality",
      /нужен id/,
    );
    await expectRefused(
      ["add-organisation", "--name", "X", "--kind", "school", "--municipality", "0"],
      "--municipality",
    );
  });
});

describe("add-curator", () => {
  it("creates a one-time curator invite and prints its code and both deep links", async () => {
    const organisationId = await newOrganisation();
    const result = await cli(["add-curator", "--organisation", String(organisationId)], {
      env: { TELEGRAM_BOT_USERNAME: "@nastavnik_bot", VK_GROUP_ID: "228" },
    });
    expect(result.code, result.stderr).toBe(0);
    const invite = await database.db
      .selectFrom("invite")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    expect(invite).toMatchObject({ role: "curator", max_uses: 1, uses: 0, program_id: null, side: null });
    expect(invite.expires_at.getTime()).toBe(NOW.getTime() + 7 * DAY_MS);
    expect(result.stdout).toContain(`Код ${invite.code}: для 1 человека`);
    expect(result.stdout).toContain(`Telegram: https://t.me/nastavnik_bot?start=${invite.code}`);
    expect(result.stdout).toContain(`ВКонтакте: https://vk.me/club228?ref=${invite.code}`);
    expect(result.stdout).not.toContain("TELEGRAM_BOT_USERNAME");
  });

  it("without a configured bot, prints the code and which variable gives links", async () => {
    const organisationId = await newOrganisation();
    const result = await cli([
      "add-curator",
      "--organisation",
      String(organisationId),
      "--expires-days",
      "2",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("https://");
    expect(result.stdout).toMatch(/TELEGRAM_BOT_USERNAME.*VK_GROUP_ID/);
    const invite = await database.db
      .selectFrom("invite")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    expect(invite.expires_at.getTime()).toBe(NOW.getTime() + 2 * DAY_MS);
  });

  it("prints the invite as JSON", async () => {
    const organisationId = await newOrganisation();
    const result = await cli(["add-curator", "--organisation", String(organisationId), "--json"], {
      env: { TELEGRAM_BOT_USERNAME: "nastavnik_bot" },
    });
    const json = result.json<AddCuratorJson>();
    expect(json.role).toBe("curator");
    expect(json.organisation).toEqual({ id: organisationId, name: "Школа" });
    expect(json.invite.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(json.invite.maxUses).toBe(1);
    expect(json.invite.expiresAt).toBe(new Date(NOW.getTime() + 7 * DAY_MS).toISOString());
    expect(json.invite.links).toEqual({ telegram: `https://t.me/nastavnik_bot?start=${json.invite.code}` });
  });

  it("refuses an unknown organisation or a bad expiry", async () => {
    await expectRefused(
      ["add-curator", "--organisation", "777777"],
      "--organisation",
      /организации с id 777777 нет/,
    );
    await expectRefused(["add-curator"], "--organisation", /обязательный/);
    const organisationId = await newOrganisation();
    await expectRefused(
      ["add-curator", "--organisation", String(organisationId), "--expires-days", "0"],
      "--expires-days",
      /от 1 до 366/,
    );
    await expectRefused(
      ["add-curator", "--organisation", String(organisationId), "--expires-days", "week"],
      "--expires-days",
    );
  });
});

describe("create-program", () => {
  it("takes the academic year from today on the organisation's own clock", async () => {
    const east = await newOrganisation(["--timezone", "Asia/Yekaterinburg"]);
    const west = await newOrganisation(["--timezone", "Europe/Kaliningrad"]);
    const eastProgram = await newProgram(east);
    const westProgram = await newProgram(west);
    const years = await database.db
      .selectFrom("program")
      .select(["id", "academic_year", "status", "form_key", "starts_on"])
      .where("id", "in", [eastProgram, westProgram])
      .execute();
    expect(years.find((p) => p.id === eastProgram)).toMatchObject({
      academic_year: "2026/2027",
      status: "active",
      form_key: "teacher_pupil",
      starts_on: null,
    });
    expect(years.find((p) => p.id === westProgram)?.academic_year).toBe("2025/2026");
  });

  it("stores every option given and prints what it created", async () => {
    const organisationId = await newOrganisation();
    const result = await cli([
      "create-program",
      "--organisation",
      String(organisationId),
      "--name",
      "Студенты — школьникам",
      "--form",
      "student_pupil",
      "--role-variant",
      "peer_peer",
      "--year",
      "2027/2028",
      "--starts",
      "2027-09-01",
      "--ends",
      "2028-05-31",
      "--status",
      "draft",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const row = await database.db
      .selectFrom("program")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: "Студенты — школьникам",
      form_key: "student_pupil",
      role_variant: "peer_peer",
      academic_year: "2027/2028",
      starts_on: "2027-09-01",
      ends_on: "2028-05-31",
      status: "draft",
    });
    expect(result.stdout.split("\n")).toEqual([
      `Программа создана: id ${row.id}, «Студенты — школьникам» в организации «Школа» (id ${organisationId}).`,
      "Форма «студент — ученик» (student_pupil), учебный год 2027/2028, статус: черновик.",
      "Ролевая модель: peer_peer.",
      "Сроки: с 2027-09-01 по 2028-05-31.",
      `Дорожная карта: school, этапов: 34. Посмотреть: npm run cli -- show-roadmap --program ${row.id}`,
      `Приглашения участников: npm run cli -- create-invites --program ${row.id} --side mentee`,
    ]);
  });

  it("prints the programme as JSON", async () => {
    const organisationId = await newOrganisation();
    const result = await cli([
      "create-program",
      "--json",
      "--organisation",
      String(organisationId),
      "--name",
      "P",
      "--form",
      "parent_pupil",
      "--ends",
      "2027-06-30",
    ]);
    const { program } = result.json<CreateProgramJson>();
    expect(program).toEqual({
      id: program.id,
      organisationId,
      name: "P",
      form: "parent_pupil",
      roleVariant: null,
      // DEFAULT_TIMEZONE is Asia/Irkutsk (UTC+8): 1 September there already.
      academicYear: "2026/2027",
      startsOn: null,
      endsOn: "2027-06-30",
      status: "active",
      roadmap: "school",
      stages: 34,
    });
    const row = await database.db
      .selectFrom("program")
      .select(["ends_on", "academic_year"])
      .where("id", "=", program.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ends_on: "2027-06-30", academic_year: "2026/2027" });
  });

  it("refuses bad forms, dates, years, statuses and unknown organisations", async () => {
    const organisationId = String(await newOrganisation());
    const base = ["create-program", "--organisation", organisationId, "--name", "P"];
    await expectRefused([...base], "--form", /обязательный/);
    await expectRefused([...base, "--form", "mentor_mentee"], "--form", /pupil_pupil, student_student/);
    await expectRefused(
      [...base, "--form", "pupil_pupil", "--starts", "2026-02-30"],
      "--starts",
      /ГГГГ-ММ-ДД/,
    );
    await expectRefused([...base, "--form", "pupil_pupil", "--starts", "01.09.2026"], "--starts");
    await expectRefused(
      [...base, "--form", "pupil_pupil", "--starts", "2026-09-01", "--ends", "2026-08-31"],
      "--ends",
      /дата окончания 2026-08-31 раньше даты начала 2026-09-01/,
    );
    await expectRefused([...base, "--form", "pupil_pupil", "--year", "2026/2028"], "--year", /2026\/2027/);
    await expectRefused(
      [...base, "--form", "pupil_pupil", "--status", "finished"],
      "--status",
      /draft, active/,
    );
    await expectRefused([...base, "--form", "pupil_pupil", "--role-variant", "Успевающий"], "--role-variant");
    await expectRefused(
      ["create-program", "--organisation", "424242", "--name", "P", "--form", "pupil_pupil"],
      "--organisation",
      /организации с id 424242 нет/,
    );
  });
});

describe("create-invites", () => {
  let programId: number;

  beforeEach(async () => {
    programId = await newProgram(await newOrganisation());
  });

  const invitesOf = (id: number) =>
    database.db.selectFrom("invite").selectAll().where("program_id", "=", id).orderBy("id").execute();

  it("creates N single-use codes with the category the form implies", async () => {
    const result = await cli(
      ["create-invites", "--program", String(programId), "--side", "mentee", "--count", "3", "--json"],
      { env: { VK_GROUP_ID: "42" } },
    );
    expect(result.code, result.stderr).toBe(0);
    const rows = await invitesOf(programId);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.code)).size).toBe(3);
    for (const row of rows) {
      expect(row).toMatchObject({ side: "mentee", category: "pupil", max_uses: 1, role: null });
      expect(row.expires_at.getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
    }
    const json = result.json<CreateInvitesJson>();
    expect(json.side).toBe("mentee");
    expect(json.category).toBe("pupil");
    expect(json.invites.map((i) => i.code)).toEqual(rows.map((r) => r.code));
    expect(json.invites[0]!.links).toEqual({ vk: `https://vk.me/club42?ref=${rows[0]!.code}` });
  });

  it("creates one code for a whole class with --uses, and prints it for a person", async () => {
    const result = await cli([
      "create-invites",
      "--program",
      String(programId),
      "--side",
      "mentor",
      "--uses",
      "30",
      "--category",
      "young_specialist",
      "--expires-days",
      "10",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [row, ...more] = await invitesOf(programId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ side: "mentor", category: "young_specialist", max_uses: 30 });
    expect(row!.expires_at.getTime()).toBe(NOW.getTime() + 10 * DAY_MS);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(
      `Создано 1 приглашение в программу «Программа» (id ${programId}): наставники, категория: молодые специалисты.`,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^Код ${row!.code}: для 30 человек, действует до 11 сентября 2026 г\\. в 04:30 \\(Asia/Irkutsk\\)`,
      ),
    );
    expect(lines[2]).toMatch(/TELEGRAM_BOT_USERNAME/);
  });

  it("leaves the category open when the form does not settle it", async () => {
    const teachers = await newProgram(await newOrganisation(), "teacher_teacher");
    const result = await cli(["create-invites", "--program", String(teachers), "--side", "mentee", "--json"]);
    expect(result.json<CreateInvitesJson>().category).toBeNull();
    expect((await invitesOf(teachers))[0]?.category).toBeNull();
  });

  it("refuses unknown or closed programmes and bad numbers, writing no invite", async () => {
    const program = String(programId);
    await expectRefused(
      ["create-invites", "--program", "313131", "--side", "mentee"],
      "--program",
      /программы с id 313131 нет/,
    );
    await expectRefused(["create-invites", "--program", program], "--side", /обязательный/);
    await expectRefused(
      ["create-invites", "--program", program, "--side", "both"],
      "--side",
      /mentor, mentee/,
    );
    await expectRefused(
      ["create-invites", "--program", program, "--side", "mentee", "--category", "pupils"],
      "--category",
    );
    await expectRefused(
      ["create-invites", "--program", program, "--side", "mentee", "--count", "0"],
      "--count",
      /от 1 до 5.000/,
    );
    await expectRefused(
      ["create-invites", "--program", program, "--side", "mentee", "--count", "1e3"],
      "--count",
    );
    await expectRefused(
      ["create-invites", "--program", program, "--side", "mentee", "--uses", "-1"],
      "--uses",
    );
    await database.db
      .updateTable("program")
      .set({ status: "archived" })
      .where("id", "=", programId)
      .execute();
    await expectRefused(
      ["create-invites", "--program", program, "--side", "mentee"],
      "--program",
      /в архиве/,
    );
    expect(await invitesOf(programId)).toEqual([]);
  });

  it("draws a fresh code when a generated one is already taken", async () => {
    const taken = await cli(["create-invites", "--program", String(programId), "--side", "mentee", "--json"]);
    const takenCode = taken.json<CreateInvitesJson>().invites[0]!.code;
    const codes = [takenCode, takenCode, "FRESHCODE001", "FRESHCODE002"];
    const service = createInviteService(database.db, { generateCode: () => codes.shift()! });
    const outcome = await service.createParticipantInvites(
      { programId, side: "mentee", count: 2, maxUses: 1, expiresInDays: 1 },
      NOW,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.invites.map((i) => i.code).sort()).toEqual(["FRESHCODE001", "FRESHCODE002"]);
    expect((await invitesOf(programId)).map((i) => i.code).sort()).toEqual(
      ["FRESHCODE001", "FRESHCODE002", takenCode].sort(),
    );
  });
});
