import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateProgramJson } from "../../src/cli/commands/create-program.js";
import type { MoveStageJson, ShowRoadmapJson } from "../../src/cli/commands/roadmap.js";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Locale, type Translator } from "../../src/i18n/translator.js";
import { parseRoadmapTemplate } from "../../src/roadmap/operator-templates.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-09-10T05:00:00Z");
const FIXTURES = "test/fixtures/roadmaps";

let database: TestDatabase;
let translator: Translator;
let organisationId: number;

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  organisationId = (
    await database.db
      .insertInto("organisation")
      .values({ name: "Гимназия № 2", kind: "school", time_zone: "Asia/Tomsk" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await database?.close();
});

async function cli(argv: string[], locale: Locale = "ru") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    {
      config: createConfig({ DATA_DIR: "memory://", DEFAULT_TIMEZONE: "Asia/Tomsk" }),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale,
      openDatabase: () => Promise.resolve(database.db),
    },
    argv,
  );
  return {
    code,
    stdout: out.join("\n"),
    stderr: err.join("\n"),
    json: <T>() => JSON.parse(out.join("\n")) as T,
  };
}

const createProgram = (...extra: string[]) =>
  cli([
    "create-program",
    "--organisation",
    String(organisationId),
    "--name",
    "Клуб",
    "--form",
    "pupil_pupil",
    "--json",
    ...extra,
  ]);

describe("roadmaps on the command line", () => {
  it("create-program copies the school roadmap by default, and show-roadmap prints it", async () => {
    const created = await createProgram();
    expect(created.code).toBe(0);
    const { program } = created.json<CreateProgramJson>();
    expect(program).toMatchObject({ roadmap: "school", stages: 34, academicYear: "2026/2027" });
    const shown = await cli(["show-roadmap", "--program", String(program.id)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("шаблон: school");
    expect(shown.stdout).toContain("Тихие часы 21:00-09:00");
    expect(shown.stdout).toContain(
      "5. mentee_questionnaire: 2026-09-15 — 2026-10-15 · наставляемые · form entry · Анкетирование наставляемых",
    );
  });

  it("move-stage moves a stage, keeping its length unless told, and refuses what does not exist", async () => {
    const { program } = (await createProgram("--roadmap", "seven_stages")).json<CreateProgramJson>();
    const moved = await cli([
      "move-stage",
      "--program",
      String(program.id),
      "--stage",
      "matching",
      "--opens",
      "2026-10-12",
      "--json",
    ]);
    expect(moved.code).toBe(0);
    expect(moved.json<MoveStageJson>().stage).toMatchObject({
      key: "matching",
      opensOn: "2026-10-12",
      closesOn: "2026-12-11",
    });
    const stage = await database.db
      .selectFrom("roadmap_stage")
      .select("next_check_at")
      .where("program_id", "=", program.id)
      .where("key", "=", "matching")
      .executeTakeFirstOrThrow();
    expect(stage.next_check_at).toEqual(NOW);

    const unknown = await cli([
      "move-stage",
      "--program",
      String(program.id),
      "--stage",
      "nope",
      "--opens",
      "2026-10-12",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("нет этапа nope");
    const reversed = await cli([
      "move-stage",
      "--program",
      String(program.id),
      "--stage",
      "matching",
      "--opens",
      "2026-10-12",
      "--closes",
      "2026-10-01",
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain("--closes");
  });

  it("set-reminders changes quiet hours, the nudge rhythm and holidays, and checks what it is given", async () => {
    const { program } = (await createProgram("--roadmap", "college")).json<CreateProgramJson>();
    const set = await cli([
      "set-reminders",
      "--program",
      String(program.id),
      "--quiet",
      "20:30-08:00",
      "--nudge-after",
      "5",
      "--nudge-limit",
      "1",
      "--holidays",
      "2026-10-26..2026-11-03,2026-12-29..2027-01-11",
    ]);
    expect(set.code).toBe(0);
    const shown = (
      await cli(["show-roadmap", "--program", String(program.id), "--json"])
    ).json<ShowRoadmapJson>();
    expect(shown.reminders).toEqual({
      quietHours: "20:30-08:00",
      nudgeAfterDays: 5,
      nudgeLimit: 1,
      holidays: [
        { startsOn: "2026-10-26", endsOn: "2026-11-03" },
        { startsOn: "2026-12-29", endsOn: "2027-01-11" },
      ],
    });
    expect(shown.stages).toHaveLength(10);
    const bad = await cli(["set-reminders", "--program", String(program.id), "--quiet", "late"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("21:00-09:00");
    const badHolidays = await cli([
      "set-reminders",
      "--program",
      String(program.id),
      "--holidays",
      "2026-11-03..2026-10-26",
    ]);
    expect(badHolidays.code).toBe(2);
    const nothing = await cli(["set-reminders", "--program", String(program.id)]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("--nudge-after");
    const cleared = await cli([
      "set-reminders",
      "--program",
      String(program.id),
      "--holidays",
      "none",
      "--json",
    ]);
    expect(cleared.json<ShowRoadmapJson>().reminders.holidays).toEqual([]);
  });

  it("create-program takes an operator's YAML template with its own titles", async () => {
    const created = await createProgram("--roadmap-file", `${FIXTURES}/club-year.yaml`);
    expect(created.code).toBe(0);
    const { program } = created.json<CreateProgramJson>();
    expect(program).toMatchObject({ roadmap: "club_year", stages: 3 });
    const shown = (
      await cli(["show-roadmap", "--program", String(program.id), "--json"], "en")
    ).json<ShowRoadmapJson>();
    expect(shown.stages.map((s) => [s.key, s.title, s.opensOn])).toEqual([
      ["entry", "Club member questionnaire", "2026-09-15"],
      ["pairs", "Confirming pairs", "2026-10-15"],
      ["first", "First meeting", "2026-11-01"],
    ]);
    const settings = await database.db
      .selectFrom("program")
      .select(["nudge_after_days", "nudge_limit"])
      .where("id", "=", program.id)
      .executeTakeFirstOrThrow();
    expect(settings).toEqual({ nudge_after_days: 4, nudge_limit: 1 });
  });

  it("refuses a broken template, naming the file and the path of every problem, and creates nothing", async () => {
    const before = await database.db.selectFrom("program").select("id").execute();
    const refused = await createProgram("--roadmap-file", `${FIXTURES}/broken.yaml`);
    expect(refused.code).toBe(2);
    const file = `${FIXTURES}/broken.yaml`;
    expect(refused.stderr).toContain(`${file}: stages.1.audience`);
    expect(refused.stderr).toContain(`${file}: stages.0.closes`);
    expect(await database.db.selectFrom("program").select("id").execute()).toHaveLength(before.length);
    const missing = await createProgram("--roadmap-file", `${FIXTURES}/none.yaml`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("none.yaml");
    const both = await createProgram("--roadmap", "school", "--roadmap-file", `${FIXTURES}/club-year.yaml`);
    expect(both.code).toBe(2);
  });
});

describe("operator template checks beyond the schema", () => {
  it("name unknown forms, a built-in key, and missing or stray titles", () => {
    const source = [
      "key: school",
      "stages:",
      '  - { key: entry, audience: mentees, action: form, form: no_such_form, opens: "09-15", closes: "10-15" }',
      "texts:",
      "  ru: { entry: Анкета }",
      "  en: { entry: Questionnaire, extra: Extra }",
    ].join("\n");
    expect(() => parseRoadmapTemplate("mine.yaml", source)).toThrow(
      expect.objectContaining({
        problems: [
          "mine.yaml: key: school is a built-in template; give yours another key",
          expect.stringMatching(
            /^mine\.yaml: stages\.0\.form: no form no_such_form; known: entry, final_satisfaction/,
          ),
          "mine.yaml: texts.en.extra: no stage has this key",
        ],
      }),
    );
    expect(() => parseRoadmapTemplate("mine.yaml", "key: [")).toThrow(/mine\.yaml: invalid YAML/);
  });
});
