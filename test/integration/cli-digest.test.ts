import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The digest and the indicators from the command line: a dry run prints the text and queues nothing,
 * a real run queues one per curator once a week, and set-indicator stores what it is given (the seeds'
 * default shown beside), refusing what does not fit.
 */

/** Monday 7 December 2026, 12:00 in Moscow. */
const NOW = new Date("2026-12-07T09:00:00Z");

let database: TestDatabase;
let translator: Translator;
let organisationId: number;

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

const digestDeliveries = () =>
  database.db.selectFrom("delivery").select("dedupe_key").where("kind", "=", "digest.weekly").execute();

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  const { db } = database;
  organisationId = (
    await db
      .insertInto("organisation")
      .values({ name: "Школа № 3", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: "Ученик — ученик",
        form_key: "pupil_pupil",
        academic_year: "2026/2027",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  for (const name of ["Аня", "Боря"]) {
    const { id } = await db
      .insertInto("person")
      .values({ display_name: name, locale: "ru", is_minor: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("participant")
      .values({ program_id: programId, person_id: id, side: "mentee", category: "pupil" })
      .execute();
  }
  const { id: curator } = await db
    .insertInto("person")
    .values({ display_name: "Куратор", locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: curator, channel: "console", external_id: "cur", chat_id: "cur" })
    .execute();
  await db
    .insertInto("membership")
    .values({ person_id: curator, role: "curator", organisation_id: organisationId, municipality_id: null })
    .execute();
});
afterAll(() => database.close());

describe("set-indicator and indicators", () => {
  it("stores a denominator and a target, and shows the seeds' default beside", async () => {
    const set = await cli([
      "set-indicator",
      "--organisation",
      String(organisationId),
      "--key",
      "mentees_10_18",
      "--denominator",
      "8",
      "--target",
      "45",
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("Сохранено.");
    expect(set.stdout).toContain("Школа № 3, 2026/2027 (1-й год работы модели):");
    expect(set.stdout).toContain(
      "mentees_10_18 (Наставляемые 10–18 лет): 2 из 8 = 25%; цель 45% (entered), по умолчанию 40%",
    );
    const shown = await cli(["indicators", "--organisation", String(organisationId), "--json"]);
    expect(shown.code, shown.stderr).toBe(0);
    const report = JSON.parse(shown.stdout) as {
      indicators: { key: string; target: number; targetSource: string }[];
    };
    expect(report.indicators.find((i) => i.key === "mentors_15_18")).toMatchObject({
      target: 6,
      targetSource: "seed",
    });
    expect(report.indicators.find((i) => i.key === "mentees_10_18")).toMatchObject({
      target: 45,
      targetSource: "entered",
    });
  });

  it("refuses what does not fit and changes nothing", async () => {
    const count = await cli([
      "set-indicator",
      "--organisation",
      String(organisationId),
      "--key",
      "mentees_10_18",
      "--count",
      "3",
    ]);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain("--count задаётся только для partner_organisations");
    const survey = await cli([
      "set-indicator",
      "--organisation",
      String(organisationId),
      "--key",
      "mentee_satisfaction",
      "--denominator",
      "3",
    ]);
    expect(survey.code).toBe(2);
    const over = await cli([
      "set-indicator",
      "--organisation",
      String(organisationId),
      "--key",
      "mentees_10_18",
      "--target",
      "140",
    ]);
    expect(over.code).toBe(2);
    const unknown = await cli([
      "set-indicator",
      "--organisation",
      "999999",
      "--key",
      "mentees_10_18",
      "--target",
      "40",
    ]);
    expect(unknown.code).toBe(2);
    const row = await database.db
      .selectFrom("indicator_target")
      .select(["denominator", "target"])
      .where("scope_id", "=", organisationId)
      .where("indicator", "=", "mentees_10_18")
      .executeTakeFirstOrThrow();
    expect(row.denominator).toBe(8);
    expect(Number(row.target)).toBe(45);
  });
});

describe("digest", () => {
  it("prints the text on a dry run and queues nothing", async () => {
    const dry = await cli(["digest", "--organisation", String(organisationId), "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split("\n").slice(0, 2)).toEqual([
      "📋 Сводка за неделю · Школа № 3",
      "7 декабря · программ: 1 · наставников: 0, наставляемых: 2",
    ]);
    expect(dry.stdout).toContain("📝 Не заполнили анкету: 2 — Аня, Боря");
    expect(dry.stdout).toContain("🔸 Наставляемые 10–18 лет: 25% (2 из 8) / 45%");
    expect(await digestDeliveries()).toEqual([]);
  });

  it("queues one per curator for this week, once", async () => {
    const first = await cli(["digest", "--organisation", String(organisationId)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Сводок поставлено в очередь: 1");
    const again = await cli(["digest", "--organisation", String(organisationId)]);
    expect(again.stdout).toContain("Сводок поставлено в очередь: 0");
    expect((await digestDeliveries()).map((d) => d.dedupe_key)).toEqual([
      expect.stringMatching(new RegExp(`^digest:organisation-${organisationId}:\\d+:2026-W50$`)),
    ]);
  });

  it("wants one scope", async () => {
    const none = await cli(["digest", "--dry-run"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("укажите что-то одно");
  });
});
