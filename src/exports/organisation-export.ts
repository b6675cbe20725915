import type { Kysely } from "kysely";
import type { FormDefinition, Question } from "../core/forms/definition.js";
import type { OutboundDocument } from "../core/messages.js";
import { computeIndicators } from "../digest/indicators.js";
import { builtInForms } from "../forms/index.js";
import type { Locale, MessageArgs, Translator } from "../i18n/translator.js";
import { academicYearOf, todayIn } from "../programs/academic-year.js";
import type { Database } from "../storage/tables.js";
import { accessToOrganisation, type Viewer } from "./access.js";
import { recordAudit } from "./audit-log.js";
import { CSV_MIME_TYPE, toCsv, toXlsx, XLSX_MIME_TYPE, type CellValue } from "./spreadsheet.js";

/** What an export holds: one part, or all of them in one workbook. */
export const EXPORT_SUBJECTS = ["participants", "answers", "pairs", "meetings", "indicators", "all"] as const;
export type ExportSubject = (typeof EXPORT_SUBJECTS)[number];
export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportSubject(value: string): value is ExportSubject {
  return (EXPORT_SUBJECTS as readonly string[]).includes(value);
}

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** One table of the export, translated, before it becomes a file. */
export interface ExportSheet {
  /** participants, pairs, meetings, indicators, or answers:<form key>. */
  key: string;
  /** The tab's name (Excel cuts it at 31 characters). */
  name: string;
  header: string[];
  rows: CellValue[][];
}

export interface OrganisationExport {
  organisation: { id: number; name: string };
  /** The academic year the export was limited to, and the indicators' year. */
  academicYear: string;
  sheets: ExportSheet[];
  /** One workbook for XLSX; one file per sheet for CSV (a CSV holds one table). */
  files: OutboundDocument[];
  /** Data rows over all sheets, headers not counted. */
  rowCount: number;
}

export interface OrganisationExportOptions {
  organisationId: number;
  what: ExportSubject;
  /** xlsx when absent. */
  format?: ExportFormat;
  locale: Locale;
  translator: Translator;
  /** The definitions that label questions and options (built-in forms when absent). */
  forms?: readonly FormDefinition[];
  /** "2026/2027": only that year's programmes; the current academic year's indicators when absent. */
  academicYear?: string;
  now?: Date;
}

type T = (key: string, args?: MessageArgs) => string;

/**
 * An organisation's data as spreadsheets shaped for the quarterly and yearly reports upward:
 * participants (with consent days), answers (one sheet per form, one column per question, in words),
 * pairs, meetings (with the quarter they fall in) and the indicators against this year's targets.
 * Erased people appear as a placeholder, never by a name; withdrawn meetings are left out. Text that
 * a spreadsheet would run as a formula is neutralised by toCsv and toXlsx. It checks no access:
 * `runExport` does, and records it. Resolves to undefined when there is no such organisation.
 */
export async function buildOrganisationExport(
  db: Kysely<Database>,
  options: OrganisationExportOptions,
): Promise<OrganisationExport | undefined> {
  const { locale, translator, organisationId } = options;
  const t: T = (key, args) => translator.t(locale, key, args);
  const organisation = await db
    .selectFrom("organisation")
    .select(["id", "name", "legal_name", "time_zone"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
  if (!organisation) return undefined;
  const now = options.now ?? new Date();
  const today = todayIn(organisation.time_zone, now);
  const academicYear = options.academicYear ?? academicYearOf(today);
  const context: Context = {
    db,
    t,
    translator,
    locale,
    organisationId,
    year: options.academicYear,
    forms: options.forms ?? builtInForms,
    timeZone: organisation.time_zone,
  };
  const what = options.what;
  const wants = (part: ExportSubject) => what === part || what === "all";
  const sheets: ExportSheet[] = [];
  if (wants("participants")) sheets.push(await participantsSheet(context));
  if (wants("answers")) sheets.push(...(await answerSheets(context)));
  if (wants("pairs")) sheets.push(await pairsSheet(context));
  if (wants("meetings")) sheets.push(await meetingsSheet(context));
  if (wants("indicators")) sheets.push(await indicatorsSheet(context, academicYear, now));
  // A form nobody answered yet still says so, instead of a workbook with no sheet at all.
  if (sheets.length === 0) {
    sheets.push({
      key: "answers",
      name: t("access-export-sheet-answers"),
      header: [t("access-export-no-answers")],
      rows: [],
    });
  }

  const format = options.format ?? "xlsx";
  const title = organisation.legal_name ?? organisation.name;
  const date = dayText(t, today);
  const baseName = (part: string) =>
    safeFileName(t("access-export-file-name", { organisation: organisation.name, part, date: today }));
  const files: OutboundDocument[] =
    format === "csv"
      ? sheets.map((sheet) => ({
          fileName: `${baseName(sheet.name)}.csv`,
          mimeType: `${CSV_MIME_TYPE}; charset=utf-8`,
          content: toCsv([sheet.header, ...sheet.rows]),
        }))
      : [
          {
            fileName: `${baseName(t(`access-export-subject-${what}`))}.xlsx`,
            mimeType: XLSX_MIME_TYPE,
            content: await toXlsx(
              sheets.map((sheet) => ({
                name: sheet.name,
                rows: [
                  [t("access-export-title", { organisation: title, sheet: sheet.name })],
                  [
                    options.academicYear
                      ? t("access-export-subtitle-year", { date, year: options.academicYear })
                      : t("access-export-subtitle", { date }),
                  ],
                  [],
                  sheet.header,
                  ...sheet.rows,
                ],
                boldRows: [0, 3],
                stickyRows: 4,
                columnWidths: sheet.header.map((text, index) =>
                  index === 0 ? 5 : Math.min(Math.max(text.length + 2, 12), 40),
                ),
              })),
            ),
          },
        ];
  return {
    organisation: { id: organisation.id, name: organisation.name },
    academicYear,
    sheets,
    files,
    rowCount: sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0),
  };
}

export type ExportRun =
  | { kind: "done"; export: OrganisationExport }
  /** The viewer may not see this organisation (or, for a person, it does not exist: they are not told). */
  | { kind: "refused" }
  /** Only the admin learns that an organisation does not exist. */
  | { kind: "unknown_organisation" };

/**
 * The one way to an organisation's export: access is checked (a curator of that organisation, a
 * coordinator of its municipality, or the admin at the command line), the file is built, and the
 * audit log gets its row in the same transaction when `db` is one.
 */
export async function runExport(
  db: Kysely<Database>,
  request: OrganisationExportOptions & {
    viewer: Viewer;
    channel: Parameters<typeof recordAudit>[1]["channel"];
    /** The command line's operator (the OS user). */
    actorLabel?: string;
  },
): Promise<ExportRun> {
  const now = request.now ?? new Date();
  const access = await accessToOrganisation(db, request.viewer, request.organisationId);
  if (!access) return { kind: request.viewer.kind === "admin" ? "unknown_organisation" : "refused" };
  const built = await buildOrganisationExport(db, { ...request, now });
  if (!built) return { kind: "unknown_organisation" };
  await recordAudit(db, {
    actorPersonId: request.viewer.kind === "person" ? request.viewer.personId : null,
    actorRole: access.role,
    ...(request.actorLabel !== undefined && { actorLabel: request.actorLabel }),
    channel: request.channel,
    action: "export",
    subject: request.what,
    format: request.format ?? "xlsx",
    organisationId: request.organisationId,
    rowCount: built.rowCount,
    at: now,
  });
  return { kind: "done", export: built };
}

interface Context {
  db: Kysely<Database>;
  t: T;
  translator: Translator;
  locale: Locale;
  organisationId: number;
  /** Only this academic year's programmes; all when undefined. */
  year: string | undefined;
  forms: readonly FormDefinition[];
  timeZone: string;
}

function personName(t: T, name: string | null, erased: Date | null): string {
  if (erased) return t("export-pairs-erased-person");
  return (name?.trim() ?? "") || t("export-pairs-unnamed-person");
}

/** The organisation's programmes (of the year asked for) as a subquery. */
function programIds(context: Context) {
  let query = context.db
    .selectFrom("program")
    .select("program.id")
    .where("program.organisation_id", "=", context.organisationId);
  if (context.year !== undefined) query = query.where("program.academic_year", "=", context.year);
  return query;
}

const headers = (t: T, keys: readonly string[]) => keys.map((key) => t(`access-export-column-${key}`));

async function participantsSheet(context: Context): Promise<ExportSheet> {
  const { db, t, locale } = context;
  const rows = await db
    .selectFrom("participant as pa")
    .innerJoin("program as pr", "pr.id", "pa.program_id")
    .innerJoin("person as pe", "pe.id", "pa.person_id")
    .select([
      "pa.id",
      "pa.side",
      "pa.category",
      "pa.status",
      "pa.joined_at",
      "pr.name as program_name",
      "pr.academic_year",
      "pe.id as person_id",
      "pe.display_name",
      "pe.erased_at",
      "pe.is_minor",
    ])
    .where("pa.program_id", "in", programIds(context))
    .execute();
  const consents = await db
    .selectFrom("consent")
    .select(["person_id", "kind"])
    .select((eb) => eb.fn.min("given_at").as("given_at"))
    .where("revoked_at", "is", null)
    .where(
      "person_id",
      "in",
      db.selectFrom("participant").select("person_id").where("program_id", "in", programIds(context)),
    )
    .groupBy(["person_id", "kind"])
    .execute();
  const consentDay = new Map(
    consents.map((c) => [`${c.person_id}:${c.kind}`, todayIn(context.timeZone, new Date(c.given_at))]),
  );
  const collator = new Intl.Collator(locale);
  const prepared = rows
    .map((row) => ({ ...row, name: personName(t, row.display_name, row.erased_at) }))
    .sort(
      (a, b) =>
        collator.compare(a.program_name, b.program_name) ||
        (a.side === b.side ? 0 : a.side === "mentor" ? -1 : 1) ||
        collator.compare(a.name, b.name) ||
        a.id - b.id,
    );
  return {
    key: "participants",
    name: t("access-export-sheet-participants"),
    header: headers(t, [
      "number",
      "name",
      "program",
      "year",
      "side",
      "category",
      "status",
      "joined",
      "minor",
      "consent",
    ]),
    rows: prepared.map((row, index) => {
      // A minor's participation rests on a legal representative's consent, anyone else's on their own.
      const consent = consentDay.get(`${row.person_id}:${row.is_minor ? "parental" : "personal_data"}`);
      return [
        index + 1,
        row.name,
        row.program_name,
        row.academic_year,
        t("access-export-side", { side: row.side }),
        t("export-pairs-category", { category: row.category }),
        t("access-export-status", { status: row.status }),
        { day: todayIn(context.timeZone, row.joined_at) },
        row.erased_at || row.is_minor === null
          ? null
          : t(row.is_minor ? "access-export-yes" : "access-export-no"),
        consent ? { day: consent } : null,
      ];
    }),
  };
}

/** The questions a form's sheet has columns for: the latest version's, then older ones' no longer asked. */
function formColumns(definitions: readonly FormDefinition[], answeredKeys: readonly string[]): Question[] {
  const sorted = [...definitions].sort((a, b) => b.version - a.version);
  const columns: Question[] = [];
  const seen = new Set<string>();
  for (const definition of sorted) {
    for (const question of definition.questions) {
      if (question.kind === "info" || seen.has(question.key)) continue;
      seen.add(question.key);
      columns.push(question);
    }
  }
  // Answers to questions no registered definition knows (an operator form since removed) keep their key.
  for (const key of answeredKeys) {
    if (seen.has(key)) continue;
    seen.add(key);
    columns.push({ key, kind: "text", text: key, optional: true, long: false, minLength: 1 });
  }
  return columns;
}

async function answerSheets(context: Context): Promise<ExportSheet[]> {
  const { db, t, translator, locale } = context;
  const sessions = await db
    .selectFrom("form_session as fs")
    .innerJoin("program as pr", "pr.id", "fs.program_id")
    .innerJoin("person as pe", "pe.id", "fs.person_id")
    .select([
      "fs.id",
      "fs.person_id",
      "fs.program_id",
      "fs.form_key",
      "fs.subject_key",
      "fs.submitted_at",
      "pr.name as program_name",
      "pe.display_name",
      "pe.erased_at",
    ])
    .where("fs.program_id", "in", programIds(context))
    .where("fs.status", "=", "submitted")
    .orderBy("fs.form_key")
    .orderBy("fs.submitted_at")
    .orderBy("fs.id")
    .execute();
  if (sessions.length === 0) return [];
  const answers = await db
    .selectFrom("answer as a")
    .innerJoin("form_session as fs", "fs.id", "a.form_session_id")
    .select(["a.form_session_id", "a.question_key", "a.value"])
    .where("fs.program_id", "in", programIds(context))
    .where("fs.status", "=", "submitted")
    .execute();
  const bySession = new Map<number, Map<string, unknown>>();
  for (const answer of answers) {
    let map = bySession.get(answer.form_session_id);
    if (!map) bySession.set(answer.form_session_id, (map = new Map<string, unknown>()));
    map.set(answer.question_key, answer.value);
  }
  const sides = await db
    .selectFrom("participant")
    .select(["program_id", "person_id", "side"])
    .where("program_id", "in", programIds(context))
    .orderBy("side", "desc")
    .execute();
  const sideOf = new Map<string, string>();
  for (const row of sides) {
    const key = `${row.program_id}:${row.person_id}`;
    const side = t("access-export-side", { side: row.side });
    sideOf.set(key, sideOf.has(key) ? `${sideOf.get(key)}, ${side}` : side);
  }
  // Picks and rankings from a run-time list store participant ids: they are shown as names.
  const participantNames = new Map(
    (
      await db
        .selectFrom("participant as pa")
        .innerJoin("person as pe", "pe.id", "pa.person_id")
        .select(["pa.id", "pe.display_name", "pe.erased_at"])
        .where("pa.program_id", "in", programIds(context))
        .execute()
    ).map((row) => [String(row.id), personName(t, row.display_name, row.erased_at)]),
  );

  const byForm = new Map<string, typeof sessions>();
  for (const session of sessions) {
    const list = byForm.get(session.form_key) ?? [];
    list.push(session);
    byForm.set(session.form_key, list);
  }
  const sheets: ExportSheet[] = [];
  for (const [formKey, list] of byForm) {
    const definitions = context.forms.filter((form) => form.key === formKey);
    const latest = definitions.reduce<FormDefinition | undefined>(
      (best, form) => (!best || form.version > best.version ? form : best),
      undefined,
    );
    const answered = [...new Set(list.flatMap((s) => [...(bySession.get(s.id)?.keys() ?? [])]))];
    const columns = formColumns(definitions, answered);
    const withSubject = list.some((s) => s.subject_key !== "");
    const label = (key: string) => (translator.has(locale, key) ? t(key) : key);
    sheets.push({
      key: `answers:${formKey}`,
      name: latest ? label(latest.title) : formKey,
      header: [
        ...headers(t, ["number", "name", "program", "side", "submitted"]),
        ...(withSubject ? [t("access-export-column-subject")] : []),
        ...columns.map((question) => label(question.text)),
      ],
      rows: list.map((session, index) => {
        const values = bySession.get(session.id) ?? new Map<string, unknown>();
        return [
          index + 1,
          personName(t, session.display_name, session.erased_at),
          session.program_name,
          sideOf.get(`${session.program_id}:${session.person_id}`) ?? null,
          session.submitted_at ? { day: todayIn(context.timeZone, session.submitted_at) } : null,
          ...(withSubject ? [session.subject_key || null] : []),
          ...columns.map((question) =>
            answerCell(question, values.get(question.key), { t, label, names: participantNames }),
          ),
        ];
      }),
    });
  }
  return sheets;
}

/** One stored answer as a cell: options and people in words, numbers as numbers, days as days. */
function answerCell(
  question: Question,
  value: unknown,
  words: { t: T; label: (key: string) => string; names: Map<string, string> },
): CellValue {
  if (value === undefined || value === null) return null;
  const optionLabel = (code: string): string => {
    if ("options" in question && question.options) {
      const option = question.options.find((o) => o.value === code);
      if (option) return words.label(option.label);
    }
    if ("source" in question && question.source) return words.names.get(code) ?? code;
    return code;
  };
  if (typeof value === "boolean") return words.t(value ? "access-export-yes" : "access-export-no");
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value.map((item) => optionLabel(String(item))).join("; ");
  if (typeof value === "string") {
    if (question.kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { day: value };
    if (question.kind === "text") return value;
    return optionLabel(value);
  }
  return JSON.stringify(value);
}

interface PairRow {
  id: number;
  program_name: string;
  form_key: string;
  status: string;
  proposed_at: Date;
  confirmed_at: Date | null;
  finished_at: Date | null;
  ended_reason: string | null;
  mentor: string;
  mentees: string[];
}

async function pairsOfOrganisation(context: Context): Promise<Map<number, PairRow>> {
  const { db, t } = context;
  const pairs = await db
    .selectFrom("pair as p")
    .innerJoin("program as pr", "pr.id", "p.program_id")
    .innerJoin("participant as mentor", "mentor.id", "p.mentor_participant_id")
    .innerJoin("person as mp", "mp.id", "mentor.person_id")
    .select([
      "p.id",
      "p.status",
      "p.proposed_at",
      "p.confirmed_at",
      "p.finished_at",
      "p.ended_reason",
      "pr.name as program_name",
      "pr.form_key",
      "mp.display_name",
      "mp.erased_at",
    ])
    .where("p.program_id", "in", programIds(context))
    .orderBy("p.id")
    .execute();
  const mentees = await db
    .selectFrom("pair_mentee as pm")
    .innerJoin("pair as p", "p.id", "pm.pair_id")
    .innerJoin("participant as pa", "pa.id", "pm.mentee_participant_id")
    .innerJoin("person as pe", "pe.id", "pa.person_id")
    .select(["pm.pair_id", "pe.display_name", "pe.erased_at"])
    .where("p.program_id", "in", programIds(context))
    .orderBy("pm.mentee_participant_id")
    .execute();
  const result = new Map<number, PairRow>();
  for (const pair of pairs) {
    result.set(pair.id, {
      id: pair.id,
      program_name: pair.program_name,
      form_key: pair.form_key,
      status: pair.status,
      proposed_at: pair.proposed_at,
      confirmed_at: pair.confirmed_at,
      finished_at: pair.finished_at,
      ended_reason: pair.ended_reason,
      mentor: personName(t, pair.display_name, pair.erased_at),
      mentees: [],
    });
  }
  for (const mentee of mentees) {
    result.get(mentee.pair_id)?.mentees.push(personName(t, mentee.display_name, mentee.erased_at));
  }
  return result;
}

async function pairsSheet(context: Context): Promise<ExportSheet> {
  const { db, t, locale } = context;
  const pairs = await pairsOfOrganisation(context);
  const met = await db
    .selectFrom("meeting as m")
    .innerJoin("pair as p", "p.id", "m.pair_id")
    .select(["m.pair_id"])
    .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.max("m.held_on").as("last")])
    .where("p.program_id", "in", programIds(context))
    .where("m.deleted_at", "is", null)
    .groupBy("m.pair_id")
    .execute();
  const meetings = new Map(met.map((row) => [row.pair_id, { count: Number(row.count), last: row.last }]));
  const collator = new Intl.Collator(locale);
  const day = (at: Date | null) => (at ? { day: todayIn(context.timeZone, at) } : null);
  const rows = [...pairs.values()].sort(
    (a, b) =>
      collator.compare(a.program_name, b.program_name) || collator.compare(a.mentor, b.mentor) || a.id - b.id,
  );
  return {
    key: "pairs",
    name: t("access-export-sheet-pairs"),
    header: headers(t, [
      "number",
      "program",
      "mentor",
      "mentees",
      "mentee-count",
      "form",
      "pair-status",
      "proposed",
      "confirmed",
      "finished",
      "ended-reason",
      "meeting-count",
      "last-meeting",
    ]),
    rows: rows.map((pair, index) => {
      const held = meetings.get(pair.id);
      return [
        index + 1,
        pair.program_name,
        pair.mentor,
        pair.mentees.join(", "),
        pair.mentees.length,
        t("export-pairs-form", { form: pair.form_key }),
        t("access-export-pair-status", { status: pair.status }),
        day(pair.proposed_at),
        day(pair.confirmed_at),
        day(pair.finished_at),
        pair.ended_reason ? t("access-export-ended-reason", { reason: pair.ended_reason }) : null,
        held?.count ?? 0,
        held?.last ? { day: held.last } : null,
      ];
    }),
  };
}

async function meetingsSheet(context: Context): Promise<ExportSheet> {
  const { db, t, translator, locale } = context;
  const pairs = await pairsOfOrganisation(context);
  const meetings = await db
    .selectFrom("meeting as m")
    .innerJoin("pair as p", "p.id", "m.pair_id")
    .select([
      "m.id",
      "m.pair_id",
      "m.held_on",
      "m.type",
      "m.format",
      "m.length_minutes",
      "m.topics",
      "m.topic_codes",
    ])
    .where("p.program_id", "in", programIds(context))
    .where("m.deleted_at", "is", null)
    .orderBy("m.held_on")
    .orderBy("m.id")
    .execute();
  const confirmations = await db
    .selectFrom("meeting_confirmation as c")
    .innerJoin("meeting as m", "m.id", "c.meeting_id")
    .innerJoin("pair as p", "p.id", "m.pair_id")
    .select(["c.meeting_id", "c.happened", "c.usefulness"])
    .where("p.program_id", "in", programIds(context))
    .execute();
  const confirmedBy = new Map<number, { happened: number; usefulness: number[] }>();
  for (const row of confirmations) {
    const entry = confirmedBy.get(row.meeting_id) ?? { happened: 0, usefulness: [] };
    if (row.happened) entry.happened++;
    if (row.usefulness !== null) entry.usefulness.push(row.usefulness);
    confirmedBy.set(row.meeting_id, entry);
  }
  // The check-in's topic options name the codes; the latest definition has the current wording.
  const checkin = context.forms
    .filter((form) => form.key === "meeting_checkin")
    .sort((a, b) => b.version - a.version)
    .flatMap((form) => form.questions)
    .find((q) => q.key === "topics" && "options" in q && q.options !== undefined);
  const topicLabel = (code: string) => {
    const option =
      checkin && "options" in checkin ? checkin.options?.find((o) => o.value === code) : undefined;
    return option && translator.has(locale, option.label) ? t(option.label) : code;
  };
  return {
    key: "meetings",
    name: t("access-export-sheet-meetings"),
    header: headers(t, [
      "number",
      "held-on",
      "quarter",
      "program",
      "mentor",
      "mentees",
      "meeting-type",
      "meeting-format",
      "length",
      "topics",
      "confirmed-count",
      "usefulness",
    ]),
    rows: meetings.map((meeting, index) => {
      const pair = pairs.get(meeting.pair_id);
      const confirmed = confirmedBy.get(meeting.id);
      const usefulness = confirmed?.usefulness ?? [];
      const topics = [...meeting.topic_codes.map(topicLabel), ...(meeting.topics ? [meeting.topics] : [])];
      const [year, month] = meeting.held_on.split("-").map(Number) as [number, number];
      return [
        index + 1,
        { day: meeting.held_on },
        t("access-export-quarter", { quarter: Math.ceil(month / 3), year: String(year) }),
        pair?.program_name ?? null,
        pair?.mentor ?? null,
        pair ? pair.mentees.join(", ") : null,
        t("access-export-meeting-type", { type: meeting.type }),
        t("access-export-meeting-format", { format: meeting.format }),
        meeting.length_minutes,
        topics.join("; ") || null,
        confirmed?.happened ?? 0,
        usefulness.length > 0
          ? Math.round((usefulness.reduce((a, b) => a + b, 0) / usefulness.length) * 10) / 10
          : null,
      ];
    }),
  };
}

async function indicatorsSheet(context: Context, academicYear: string, now: Date): Promise<ExportSheet> {
  const { t } = context;
  const [report] = await computeIndicators(context.db, {
    organisationIds: [context.organisationId],
    academicYear,
    now,
  });
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    key: "indicators",
    name: t("access-export-sheet-indicators"),
    header: headers(t, [
      "number",
      "indicator",
      "year",
      "count",
      "denominator",
      "percent",
      "target",
      "target-source",
      "met",
    ]),
    rows: (report?.indicators ?? []).map((indicator, index) => [
      index + 1,
      t("access-export-indicator", { indicator: indicator.key }),
      academicYear,
      indicator.count,
      indicator.denominator,
      round(indicator.percent),
      indicator.target,
      t("access-export-target-source", { source: indicator.targetSource }),
      indicator.met === null ? null : t(indicator.met ? "access-export-yes" : "access-export-no"),
    ]),
  };
}

function dayText(t: T, day: string): string {
  const [year, month, date] = day.split("-") as [string, string, string];
  return t("export-pairs-date", { year, month, day: date });
}

/** A name every file system and messenger accepts (see pairs-export). */
function safeFileName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f<>:"/\\|?*«»]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120)
      .replace(/[. ]+$/, "") || "export"
  );
}
