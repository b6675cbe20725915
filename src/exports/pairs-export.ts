import type { Kysely } from "kysely";
import type { OutboundDocument } from "../core/messages.js";
import { kebab } from "../forms/ids.js";
import type { Locale, Translator } from "../i18n/translator.js";
import { todayIn } from "../programs/academic-year.js";
import type { Database } from "../storage/tables.js";
import {
  CSV_MIME_TYPE,
  toCsv,
  toXlsx,
  XLSX_MIME_TYPE,
  type CellValue,
  type SheetRow,
} from "./spreadsheet.js";

export type PairsExportFormat = "xlsx" | "csv";
export const PAIRS_EXPORT_FORMATS = ["xlsx", "csv"] as const satisfies readonly PairsExportFormat[];

export interface PairsExportOptions {
  programId: number;
  /** The language of the headers, categories and the mentoring form. */
  locale: Locale;
  translator: Translator;
  /** The zone the confirmation days and today's date are given in; the organisation's when absent. */
  timeZone?: string;
  /** xlsx when absent. */
  format?: PairsExportFormat;
  /** "Today" for the title and the file name; now when absent. */
  now?: Date;
}

/** One side of a pair as the export writes it: already translated, not yet neutralised. */
export interface PairsExportPerson {
  participantId: number;
  /** The name, or a placeholder for an erased person or one who gave none. */
  name: string;
  /** The category in words ("ученик"). */
  category: string;
  /**
   * A pupil's class from their latest entry questionnaire in this programme ("7 класс"); "" when none
   * or when the person is not a pupil.
   */
  grade: string;
}

/** One mentor–mentee pair: a group pair with three mentees is three rows. */
export interface PairsExportRow {
  /** The row's number in the file, from 1. */
  number: number;
  pairId: number;
  mentor: PairsExportPerson;
  mentee: PairsExportPerson;
  /** The programme's mentoring form in words. */
  form: string;
  /** The day the pair was confirmed, YYYY-MM-DD in the export's zone; null when not recorded. */
  confirmedOn: string | null;
  /** Who confirmed it; "" when not recorded (or that person has since been erased). */
  confirmedBy: string;
}

export interface PairsExport extends OutboundDocument {
  rows: PairsExportRow[];
  /** Distinct pairs among the rows. */
  pairCount: number;
  program: { id: number; name: string };
  organisation: { id: number; name: string };
}

/** Widths of the columns in characters, in the order of HEADER_KEYS. */
const COLUMN_WIDTHS = [5, 30, 20, 12, 30, 22, 12, 24, 16, 28];
const HEADER_KEYS = [
  "export-pairs-column-number",
  "export-pairs-column-mentor",
  "export-pairs-column-mentor-category",
  "export-pairs-column-mentor-grade",
  "export-pairs-column-mentee",
  "export-pairs-column-mentee-category",
  "export-pairs-column-mentee-grade",
  "export-pairs-column-form",
  "export-pairs-column-confirmed-at",
  "export-pairs-column-confirmed-by",
];

/**
 * The confirmed pairs of a programme as a spreadsheet, for the head's order that fixes mentors to
 * mentees: one row per mentor and mentee, sorted by mentor then mentee. The XLSX has a title (the
 * organisation's legal name, else its name; the programme, its school year and today's date) above
 * the header; the CSV starts with the header, for loading into another system. Erased people appear
 * as a placeholder, never by a name. Resolves to undefined when there is no such programme.
 *
 * @example
 *   const file = await buildPairsExport(db, { programId: 3, locale: "ru", translator });
 *   replies.send({ text: "…", document: file }); // a reply: the outbox never takes a file
 */
export async function buildPairsExport(
  db: Kysely<Database>,
  options: PairsExportOptions,
): Promise<PairsExport | undefined> {
  const { programId, locale, translator } = options;
  const t = (key: string, args?: Parameters<Translator["t"]>[2]) => translator.t(locale, key, args);
  const program = await db
    .selectFrom("program as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.form_key",
      "p.academic_year",
      "o.id as organisation_id",
      "o.name as organisation_name",
      "o.legal_name",
      "o.time_zone",
    ])
    .where("p.id", "=", programId)
    .executeTakeFirst();
  if (!program) return undefined;
  const timeZone = options.timeZone ?? program.time_zone;

  const found = await db
    .selectFrom("pair as p")
    .innerJoin("pair_mentee as pm", "pm.pair_id", "p.id")
    .innerJoin("participant as mentor", "mentor.id", "p.mentor_participant_id")
    .innerJoin("person as mentor_person", "mentor_person.id", "mentor.person_id")
    .innerJoin("participant as mentee", "mentee.id", "pm.mentee_participant_id")
    .innerJoin("person as mentee_person", "mentee_person.id", "mentee.person_id")
    .leftJoin("person as confirmer", "confirmer.id", "p.confirmed_by_person_id")
    .select([
      "p.id as pair_id",
      "p.confirmed_at",
      "mentor.id as mentor_id",
      "mentor.person_id as mentor_person_id",
      "mentor.category as mentor_category",
      "mentor_person.display_name as mentor_name",
      "mentor_person.erased_at as mentor_erased_at",
      "mentee.id as mentee_id",
      "mentee.person_id as mentee_person_id",
      "mentee.category as mentee_category",
      "mentee_person.display_name as mentee_name",
      "mentee_person.erased_at as mentee_erased_at",
      "confirmer.display_name as confirmer_name",
      "confirmer.erased_at as confirmer_erased_at",
    ])
    .where("p.program_id", "=", programId)
    .where("p.status", "=", "confirmed")
    .execute();

  const grades = await gradesOf(
    db,
    programId,
    found.flatMap((row) => [row.mentor_person_id, row.mentee_person_id]),
  );
  // A class belongs to a pupil: a stale answer from before someone changed their category is not shown.
  const gradeText = (personId: number, category: string, erased: boolean): string => {
    const grade = erased || category !== "pupil" ? undefined : grades.get(personId);
    if (!grade) return "";
    const key = `form-${kebab(grade.formKey)}-grade-${kebab(grade.value)}`;
    return translator.has(locale, key) ? t(key) : grade.value;
  };
  const nameOf = (name: string | null, erased: Date | null): string =>
    erased ? t("export-pairs-erased-person") : (name?.trim() ?? "") || t("export-pairs-unnamed-person");

  const form = t("export-pairs-form", { form: program.form_key });
  const collator = new Intl.Collator(locale);
  const rows: PairsExportRow[] = found
    .map((row) => ({
      number: 0,
      pairId: row.pair_id,
      mentor: {
        participantId: row.mentor_id,
        name: nameOf(row.mentor_name, row.mentor_erased_at),
        category: t("export-pairs-category", { category: row.mentor_category }),
        grade: gradeText(row.mentor_person_id, row.mentor_category, row.mentor_erased_at !== null),
      },
      mentee: {
        participantId: row.mentee_id,
        name: nameOf(row.mentee_name, row.mentee_erased_at),
        category: t("export-pairs-category", { category: row.mentee_category }),
        grade: gradeText(row.mentee_person_id, row.mentee_category, row.mentee_erased_at !== null),
      },
      form,
      confirmedOn: row.confirmed_at ? todayIn(timeZone, row.confirmed_at) : null,
      confirmedBy:
        row.confirmer_name === null && row.confirmer_erased_at === null
          ? ""
          : nameOf(row.confirmer_name, row.confirmer_erased_at),
    }))
    .sort(
      (a, b) =>
        collator.compare(a.mentor.name, b.mentor.name) ||
        a.pairId - b.pairId ||
        collator.compare(a.mentee.name, b.mentee.name) ||
        a.mentee.participantId - b.mentee.participantId,
    )
    .map((row, index) => ({ ...row, number: index + 1 }));

  const today = todayIn(timeZone, options.now ?? new Date());
  const header: SheetRow = HEADER_KEYS.map((key) => t(key));
  const body: SheetRow[] = rows.map((row): CellValue[] => [
    row.number,
    row.mentor.name,
    row.mentor.category,
    row.mentor.grade || null,
    row.mentee.name,
    row.mentee.category,
    row.mentee.grade || null,
    row.form,
    row.confirmedOn ? { day: row.confirmedOn } : null,
    row.confirmedBy || null,
  ]);
  const format = options.format ?? "xlsx";
  const content =
    format === "csv"
      ? toCsv([header, ...body])
      : await toXlsx([
          {
            name: t("export-pairs-sheet"),
            rows: [
              [t("export-pairs-title", { organisation: program.legal_name ?? program.organisation_name })],
              [
                t("export-pairs-subtitle", {
                  program: program.name,
                  year: program.academic_year,
                  date: dateText(t, today),
                }),
              ],
              [],
              header,
              ...body,
            ],
            boldRows: [0, 3],
            columnWidths: COLUMN_WIDTHS,
            stickyRows: 4,
          },
        ]);
  const fileName = `${safeFileName(t("export-pairs-file-name", { program: program.name, date: today }))}.${format}`;
  return {
    fileName,
    mimeType: format === "csv" ? `${CSV_MIME_TYPE}; charset=utf-8` : XLSX_MIME_TYPE,
    content,
    rows,
    pairCount: new Set(rows.map((row) => row.pairId)).size,
    program: { id: program.id, name: program.name },
    organisation: { id: program.organisation_id, name: program.organisation_name },
  };
}

function dateText(t: (key: string, args?: Record<string, string>) => string, day: string): string {
  const [year, month, date] = day.split("-") as [string, string, string];
  return t("export-pairs-date", { year, month, day: date });
}

/**
 * A name every file system and messenger accepts: no path separators, no characters Windows refuses,
 * no control characters, at most 120 characters.
 */
function safeFileName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f<>:"/\\|?*«»]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120)
      .replace(/[. ]+$/, "") || "pairs"
  );
}

/**
 * The grade each person gave in their latest submitted questionnaire of this programme (the `grade`
 * question of the entry forms), with the form it came from, whose option texts name it.
 */
async function gradesOf(
  db: Kysely<Database>,
  programId: number,
  personIds: readonly number[],
): Promise<Map<number, { formKey: string; value: string }>> {
  const grades = new Map<number, { formKey: string; value: string }>();
  if (personIds.length === 0) return grades;
  const answers = await db
    .selectFrom("form_session as fs")
    .innerJoin("answer as a", "a.form_session_id", "fs.id")
    .select(["fs.person_id", "fs.form_key", "a.value"])
    .where("fs.program_id", "=", programId)
    .where("fs.status", "=", "submitted")
    .where("a.question_key", "=", "grade")
    .where("fs.person_id", "in", [...new Set(personIds)])
    .orderBy("fs.submitted_at", "asc")
    .orderBy("fs.id", "asc")
    .execute();
  // In submission order, so the latest questionnaire's answer is the one kept.
  for (const answer of answers) {
    const value = typeof answer.value === "string" ? answer.value : undefined;
    if (value) grades.set(answer.person_id, { formKey: answer.form_key, value });
  }
  return grades;
}
