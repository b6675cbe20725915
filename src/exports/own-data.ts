import type { Kysely } from "kysely";
import type { FormDefinition, Question } from "../core/forms/definition.js";
import type { OutboundDocument } from "../core/messages.js";
import { builtInForms } from "../forms/index.js";
import type { Locale, MessageArgs, Translator } from "../i18n/translator.js";
import { todayIn } from "../programs/academic-year.js";
import type { Database } from "../storage/tables.js";

/**
 * Everything the service holds about one person (152-FZ art. 14): what /mydata sends as a file. The
 * keys are fixed English names a program can read; every value a person typed or chose is shown as
 * they saw it (options and questions in their language). Partners appear by the name they gave, as
 * /pair shows them; an erased partner as the erased placeholder.
 */
export interface OwnData {
  generatedAt: string;
  person: {
    id: number;
    name: string | null;
    language: string | null;
    minor: boolean | null;
    timeZone: string | null;
    remindersMuted: boolean;
    createdAt: string;
  };
  accounts: {
    channel: string;
    externalId: string;
    chatId: string;
    createdAt: string;
    lastSeenAt: string | null;
    blockedAt: string | null;
  }[];
  consents: {
    kind: string;
    textVersion: string;
    givenBy: string;
    givenAt: string;
    revokedAt: string | null;
  }[];
  roles: { role: string; organisation: string | null; municipality: string | null; since: string }[];
  participations: {
    program: string;
    organisation: string;
    academicYear: string;
    side: string;
    category: string;
    status: string;
    joinedAt: string;
  }[];
  forms: {
    form: string;
    formKey: string;
    formVersion: number;
    program: string | null;
    subject: string;
    status: string;
    startedAt: string;
    submittedAt: string | null;
    answers: { question: string; questionKey: string; answer: string; answeredAt: string }[];
  }[];
  pairs: {
    program: string;
    side: string;
    mentor: string;
    mentees: string[];
    status: string;
    confirmedAt: string | null;
    finishedAt: string | null;
    meetings: {
      heldOn: string;
      type: string;
      format: string;
      lengthMinutes: number | null;
      topics: string | null;
      withdrawn: boolean;
      myConfirmation: { happened: boolean; usefulness: number | null; comment: string | null } | null;
    }[];
  }[];
  messages: {
    kind: string;
    channel: string;
    status: string;
    dueAt: string;
    sentAt: string | null;
    text: string;
  }[];
}

/** Counts for the short message /mydata shows before the file. */
export interface OwnDataSummary {
  accounts: string;
  consents: string;
  programs: string;
  formCount: number;
  answerCount: number;
  pairCount: number;
  meetingCount: number;
  messageCount: number;
}

export interface OwnDataFile {
  data: OwnData;
  summary: OwnDataSummary;
  document: OutboundDocument;
}

type T = (key: string, args?: MessageArgs) => string;

/**
 * Collects what is stored about a person, for /mydata: their profile, messenger accounts, consents
 * with text versions and dates, roles, participations, form sessions with every answer, pairs with
 * their meetings (and the person's own confirmation of each), and the messages queued or sent to
 * them. Resolves to undefined when the person does not exist.
 */
export async function collectOwnData(
  db: Kysely<Database>,
  options: {
    personId: number;
    locale: Locale;
    translator: Translator;
    forms?: readonly FormDefinition[];
    now: Date;
    /** Days are written in this zone (the person's). */
    timeZone: string;
  },
): Promise<OwnDataFile | undefined> {
  const { personId, locale, translator, timeZone } = options;
  const t: T = (key, args) => translator.t(locale, key, args);
  const label = (key: string) => (translator.has(locale, key) ? t(key) : key);
  const forms = options.forms ?? builtInForms;
  const iso = (at: Date | null) => (at ? at.toISOString() : null);

  const person = await db.selectFrom("person").selectAll().where("id", "=", personId).executeTakeFirst();
  if (!person) return undefined;
  const accounts = await db
    .selectFrom("channel_account")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("id")
    .execute();
  const consents = await db
    .selectFrom("consent")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("given_at")
    .orderBy("id")
    .execute();
  const roles = await db
    .selectFrom("membership as m")
    .leftJoin("organisation as o", "o.id", "m.organisation_id")
    .leftJoin("municipality as mu", "mu.id", "m.municipality_id")
    .select(["m.role", "m.created_at", "o.name as organisation", "mu.name as municipality"])
    .where("m.person_id", "=", personId)
    .orderBy("m.id")
    .execute();
  const participations = await db
    .selectFrom("participant as pa")
    .innerJoin("program as pr", "pr.id", "pa.program_id")
    .innerJoin("organisation as o", "o.id", "pr.organisation_id")
    .select([
      "pa.id",
      "pa.side",
      "pa.category",
      "pa.status",
      "pa.joined_at",
      "pr.name as program",
      "pr.academic_year",
      "o.name as organisation",
    ])
    .where("pa.person_id", "=", personId)
    .orderBy("pa.id")
    .execute();
  const sessions = await db
    .selectFrom("form_session as fs")
    .leftJoin("program as pr", "pr.id", "fs.program_id")
    .select([
      "fs.id",
      "fs.form_key",
      "fs.form_version",
      "fs.subject_key",
      "fs.status",
      "fs.started_at",
      "fs.submitted_at",
      "pr.name as program",
    ])
    .where("fs.person_id", "=", personId)
    .orderBy("fs.started_at")
    .orderBy("fs.id")
    .execute();
  const answers = await db
    .selectFrom("answer as a")
    .innerJoin("form_session as fs", "fs.id", "a.form_session_id")
    .select(["a.form_session_id", "a.question_key", "a.value", "a.answered_at"])
    .where("fs.person_id", "=", personId)
    .orderBy("a.id")
    .execute();

  const participantIds = participations.map((p) => p.id);
  const pairs =
    participantIds.length === 0
      ? []
      : await db
          .selectFrom("pair as p")
          .innerJoin("program as pr", "pr.id", "p.program_id")
          .innerJoin("participant as mentor", "mentor.id", "p.mentor_participant_id")
          .innerJoin("person as mp", "mp.id", "mentor.person_id")
          .select([
            "p.id",
            "p.status",
            "p.confirmed_at",
            "p.finished_at",
            "p.mentor_participant_id",
            "pr.name as program",
            "mp.display_name as mentor_name",
            "mp.erased_at as mentor_erased",
          ])
          .where((eb) =>
            eb.or([
              eb("p.mentor_participant_id", "in", participantIds),
              eb(
                "p.id",
                "in",
                eb
                  .selectFrom("pair_mentee")
                  .select("pair_id")
                  .where("mentee_participant_id", "in", participantIds),
              ),
            ]),
          )
          .orderBy("p.id")
          .execute();
  const pairIds = pairs.map((p) => p.id);
  const mentees =
    pairIds.length === 0
      ? []
      : await db
          .selectFrom("pair_mentee as pm")
          .innerJoin("participant as pa", "pa.id", "pm.mentee_participant_id")
          .innerJoin("person as pe", "pe.id", "pa.person_id")
          .select(["pm.pair_id", "pe.display_name", "pe.erased_at"])
          .where("pm.pair_id", "in", pairIds)
          .orderBy("pm.mentee_participant_id")
          .execute();
  const meetings =
    pairIds.length === 0
      ? []
      : await db
          .selectFrom("meeting")
          .select([
            "id",
            "pair_id",
            "held_on",
            "type",
            "format",
            "length_minutes",
            "topics",
            "topic_codes",
            "deleted_at",
          ])
          .where("pair_id", "in", pairIds)
          .orderBy("held_on")
          .orderBy("id")
          .execute();
  const confirmations =
    participantIds.length === 0
      ? []
      : await db
          .selectFrom("meeting_confirmation")
          .selectAll()
          .where("participant_id", "in", participantIds)
          .execute();
  const deliveries = await db
    .selectFrom("delivery")
    .select(["kind", "channel", "status", "due_at", "sent_at", "payload"])
    .where("person_id", "=", personId)
    .orderBy("due_at")
    .orderBy("id")
    .execute();

  const nameOf = (name: string | null, erased: Date | null) =>
    erased ? t("export-pairs-erased-person") : (name?.trim() ?? "") || t("export-pairs-unnamed-person");
  const bySession = new Map<number, typeof answers>();
  for (const answer of answers) {
    const list = bySession.get(answer.form_session_id) ?? [];
    list.push(answer);
    bySession.set(answer.form_session_id, list);
  }
  const mySides = new Set(participantIds);
  // Picks and rankings from a run-time list store participant ids (the mentors met): shown as names.
  const listedIds = new Set<number>();
  for (const session of sessions) {
    const definition = forms.find((f) => f.key === session.form_key && f.version === session.form_version);
    for (const answer of bySession.get(session.id) ?? []) {
      const q = definition?.questions.find((item) => item.key === answer.question_key);
      if (!q || !("source" in q) || !q.source) continue;
      for (const value of [answer.value].flat())
        if (Number.isInteger(Number(value))) listedIds.add(Number(value));
    }
  }
  const listed =
    listedIds.size === 0
      ? []
      : await db
          .selectFrom("participant as pa")
          .innerJoin("person as pe", "pe.id", "pa.person_id")
          .select(["pa.id", "pe.display_name", "pe.erased_at"])
          .where("pa.id", "in", [...listedIds])
          .execute();
  const names = new Map(listed.map((row) => [String(row.id), nameOf(row.display_name, row.erased_at)]));

  // The check-in's topic options name the codes a meeting stores.
  const topicOptions = forms
    .filter((form) => form.key === "meeting_checkin")
    .sort((a, b) => b.version - a.version)
    .flatMap((form) => form.questions)
    .flatMap((q) => (q.key === "topics" && "options" in q && q.options ? q.options : []));
  const topicLabel = (code: string) => {
    const option = topicOptions.find((o) => o.value === code);
    return option ? label(option.label) : code;
  };

  const data: OwnData = {
    generatedAt: options.now.toISOString(),
    person: {
      id: person.id,
      name: person.display_name,
      language: person.locale,
      minor: person.is_minor,
      timeZone: person.time_zone,
      remindersMuted: person.reminders_muted,
      createdAt: person.created_at.toISOString(),
    },
    accounts: accounts.map((a) => ({
      channel: a.channel,
      externalId: a.external_id,
      chatId: a.chat_id,
      createdAt: a.created_at.toISOString(),
      lastSeenAt: iso(a.last_seen_at),
      blockedAt: iso(a.blocked_at),
    })),
    consents: consents.map((c) => ({
      kind: t("access-mydata-consent-kind", { kind: c.kind }),
      textVersion: c.text_version,
      givenBy: t("access-mydata-given-by", { by: c.given_by }),
      givenAt: c.given_at.toISOString(),
      revokedAt: iso(c.revoked_at),
    })),
    roles: roles.map((r) => ({
      role: t("access-mydata-role", { role: r.role }),
      organisation: r.organisation,
      municipality: r.municipality,
      since: r.created_at.toISOString(),
    })),
    participations: participations.map((p) => ({
      program: p.program,
      organisation: p.organisation,
      academicYear: p.academic_year,
      side: t("access-export-side", { side: p.side }),
      category: t("export-pairs-category", { category: p.category }),
      status: t("access-export-status", { status: p.status }),
      joinedAt: p.joined_at.toISOString(),
    })),
    forms: sessions.map((s) => {
      const definition = forms.find((f) => f.key === s.form_key && f.version === s.form_version);
      const question = (key: string) => definition?.questions.find((q) => q.key === key);
      return {
        form: definition ? label(definition.title) : s.form_key,
        formKey: s.form_key,
        formVersion: s.form_version,
        program: s.program,
        subject: s.subject_key,
        status: t("access-mydata-form-status", { status: s.status }),
        startedAt: s.started_at.toISOString(),
        submittedAt: iso(s.submitted_at),
        answers: (bySession.get(s.id) ?? []).map((a) => {
          const q = question(a.question_key);
          return {
            question: q ? label(q.text) : a.question_key,
            questionKey: a.question_key,
            answer: answerText(q, a.value, t, label, names),
            answeredAt: a.answered_at.toISOString(),
          };
        }),
      };
    }),
    pairs: pairs.map((p) => ({
      program: p.program,
      side: t("access-export-side", { side: mySides.has(p.mentor_participant_id) ? "mentor" : "mentee" }),
      mentor: nameOf(p.mentor_name, p.mentor_erased),
      mentees: mentees.filter((m) => m.pair_id === p.id).map((m) => nameOf(m.display_name, m.erased_at)),
      status: t("access-export-pair-status", { status: p.status }),
      confirmedAt: iso(p.confirmed_at),
      finishedAt: iso(p.finished_at),
      meetings: meetings
        .filter((m) => m.pair_id === p.id)
        .map((m) => {
          const mine = confirmations.find((c) => c.meeting_id === m.id);
          return {
            heldOn: m.held_on,
            type: t("access-export-meeting-type", { type: m.type }),
            format: t("access-export-meeting-format", { format: m.format }),
            lengthMinutes: m.length_minutes,
            topics: [...m.topic_codes.map(topicLabel), ...(m.topics ? [m.topics] : [])].join("; ") || null,
            withdrawn: m.deleted_at !== null,
            myConfirmation: mine
              ? { happened: mine.happened, usefulness: mine.usefulness, comment: mine.comment }
              : null,
          };
        }),
    })),
    messages: deliveries.map((d) => ({
      kind: d.kind,
      channel: d.channel,
      status: d.status,
      dueAt: d.due_at.toISOString(),
      sentAt: iso(d.sent_at),
      text: payloadText(d.payload),
    })),
  };

  const list = (items: string[]) => items.join(", ") || t("access-mydata-none");
  const summary: OwnDataSummary = {
    accounts: list(
      accounts.map((a) => t("access-mydata-account", { channel: a.channel, id: a.external_id })),
    ),
    consents: list(
      consents
        .filter((c) => c.revoked_at === null)
        .map((c) =>
          t("access-mydata-consent", {
            kind: c.kind,
            version: c.text_version,
            date: dayText(t, todayIn(timeZone, c.given_at)),
          }),
        ),
    ),
    programs: list(
      participations.map((p) =>
        t("access-mydata-program", { program: p.program, side: p.side, status: p.status }),
      ),
    ),
    formCount: sessions.length,
    answerCount: answers.length,
    pairCount: pairs.length,
    meetingCount: meetings.filter((m) => m.deleted_at === null).length,
    messageCount: deliveries.length,
  };
  const content = new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
  return {
    data,
    summary,
    document: {
      fileName: `${t("access-mydata-file-name", { date: todayIn(timeZone, options.now) })}.json`,
      mimeType: "application/json",
      content,
    },
  };
}

function answerText(
  question: Question | undefined,
  value: unknown,
  t: T,
  label: (key: string) => string,
  names: Map<string, string>,
): string {
  const option = (code: string) => {
    const found =
      question && "options" in question ? question.options?.find((o) => o.value === code) : undefined;
    if (found) return label(found.label);
    return question && "source" in question && question.source ? (names.get(code) ?? code) : code;
  };
  if (typeof value === "boolean") return t(value ? "access-export-yes" : "access-export-no");
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => option(String(v))).join("; ");
  if (typeof value === "string") return question?.kind === "text" ? value : option(value);
  return JSON.stringify(value);
}

function payloadText(payload: unknown): string {
  if (payload && typeof payload === "object" && "text" in payload && typeof payload.text === "string")
    return payload.text;
  return "";
}

function dayText(t: T, day: string): string {
  const [year, month, date] = day.split("-") as [string, string, string];
  return t("export-pairs-date", { year, month, day: date });
}
