import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportPairsJson } from "../../src/cli/commands/export-pairs.js";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Locale, type Translator } from "../../src/i18n/translator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { readXlsx } from "../support/xlsx-reader.js";

const NOW = new Date("2026-12-03T09:00:00Z");

let database: TestDatabase;
let translator: Translator;
let dir: string;
let ids: { program: number; empty: number };

async function cli(argv: string[], locale: Locale = "ru") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    {
      config: createConfig({ DATA_DIR: "memory://", DEFAULT_TIMEZONE: "Europe/Moscow" }),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale,
      openDatabase: () => Promise.resolve(database.db),
    },
    argv,
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

beforeAll(async () => {
  database = await createTestDatabase();
  translator = await loadTranslator();
  dir = await mkdtemp(path.join(tmpdir(), "export-pairs-"));
  const { db } = database;
  const organisation = await db
    .insertInto("organisation")
    .values({ name: "Лицей № 2", kind: "school", time_zone: "Europe/Moscow", municipality_id: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const program = (name: string) =>
    db
      .insertInto("program")
      .values({
        organisation_id: organisation.id,
        name,
        form_key: "student_pupil",
        role_variant: null,
        academic_year: "2026/2027",
        starts_on: null,
        ends_on: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const main = await program("Студент — ученик");
  const empty = await program("Пустая");
  const person = (name: string) =>
    db
      .insertInto("person")
      .values({ display_name: name, locale: "ru", is_minor: false, time_zone: null, erased_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
  const mentor = await db
    .insertInto("participant")
    .values({
      program_id: main.id,
      person_id: (await person("Смирнов Илья")).id,
      side: "mentor",
      category: "student",
      capacity: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const mentee = await db
    .insertInto("participant")
    .values({
      program_id: main.id,
      person_id: (await person("+Орлова Вера")).id,
      side: "mentee",
      category: "pupil",
      capacity: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const pair = await db
    .insertInto("pair")
    .values({
      program_id: main.id,
      mentor_participant_id: mentor.id,
      status: "confirmed",
      confirmed_at: "2026-12-02T08:00:00Z",
      confirmed_by_person_id: null,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("pair_mentee").values({ pair_id: pair.id, mentee_participant_id: mentee.id }).execute();
  ids = { program: main.id, empty: empty.id };
});

afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe("export-pairs", () => {
  it("writes the XLSX into a folder given as --out under the export's name and says where", async () => {
    const run = await cli(["export-pairs", "--program", String(ids.program), "--out", dir]);
    const file = path.join(dir, "Пары наставников, Студент — ученик, 2026-12-03.xlsx");
    expect(run).toEqual({
      code: 0,
      stdout: `Записан файл ${file}: 1 пара, 1 строка (наставник — наставляемый).`,
      stderr: "",
    });
    const [sheet] = readXlsx(await readFile(file));
    expect(sheet!.rows[4]!.slice(0, 8)).toEqual([
      1,
      "Смирнов Илья",
      "студент",
      null,
      "'+Орлова Вера",
      "ученик",
      null,
      "студент — ученик",
    ]);
  });

  it("writes CSV to the path given and reports it as JSON", async () => {
    const out = path.join(dir, "pairs.csv");
    const run = await cli(
      ["export-pairs", "--program", String(ids.program), "--format", "csv", "--out", out, "--json"],
      "en",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout) as ExportPairsJson).toEqual({
      program: { id: ids.program, name: "Студент — ученик" },
      organisation: { id: expect.any(Number) as number, name: "Лицей № 2" },
      format: "csv",
      path: out,
      pairs: 1,
      rows: 1,
    });
    const text = (await readFile(out, "utf8")).split("\r\n");
    expect(text[0]).toMatch(/^\uFEFFNo\.;Mentor;/);
    expect(text[1]).toBe("1;Смирнов Илья;student;;'+Орлова Вера;pupil;;student — pupil;2026-12-02;");
  });

  it("says when a programme has no confirmed pairs yet, and still writes the header", async () => {
    const out = path.join(dir, "empty.xlsx");
    const run = await cli(["export-pairs", "--program", String(ids.empty), "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      `Записан файл ${out}: 0 пар, 0 строк (наставник — наставляемый).`,
      "В программе «Пустая» пока нет подтверждённых пар: в файле только заголовок.",
    ]);
    expect(readXlsx(await readFile(out))[0]!.rows).toHaveLength(4);
  });

  it("refuses an unknown or missing programme, a wrong format and an unwritable path with a usage exit", async () => {
    const before = await readdir(dir);
    expect(await cli(["export-pairs", "--program", "999999", "--out", dir])).toEqual({
      code: 2,
      stdout: "",
      stderr: "Ошибка в --program: программы с id 999999 нет\nСправка: npm run cli -- export-pairs --help",
    });
    const missing = await cli(["export-pairs", "--out", dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Ошибка в --program: обязательный параметр не указан");
    const format = await cli(["export-pairs", "--program", String(ids.program), "--format", "ods"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("Ошибка в --format: «ods» не подходит; можно: xlsx, csv");
    const nowhere = path.join(dir, "no-such-folder", "pairs.xlsx");
    const unwritable = await cli(["export-pairs", "--program", String(ids.program), "--out", nowhere]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(`Ошибка в --out: не удалось записать файл «${nowhere}»: ENOENT`);
    expect(await readdir(dir)).toEqual(before);
  });

  it("is listed in --help", async () => {
    const help = await cli(["--help"]);
    expect(help.stdout).toMatch(/export-pairs\s+выгрузить подтверждённые пары программы/);
  });
});
