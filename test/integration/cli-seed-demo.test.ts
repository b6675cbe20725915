import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedDemoJson } from "../../src/cli/commands/seed-demo.js";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { evaluateCondition } from "../../src/core/forms/conditions.js";
import { formDefinition, type FormDefinition, type Question } from "../../src/core/forms/definition.js";
import { stepOf } from "../../src/core/forms/engine.js";
import { isValidAnswer, type Env } from "../../src/core/forms/model.js";
import { parseFormState } from "../../src/core/forms/state.js";
import type { Answers } from "../../src/core/forms/types.js";
import { DEMO_CONSENT_VERSION } from "../../src/demo/demo-seed.service.js";
import { createRng } from "../../src/demo/prng.js";
import { sampleAnswer, sampleAnswers, type SampleContext } from "../../src/demo/sample-answer.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { todayIn } from "../../src/programs/academic-year.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const ZONE = "Asia/Novosibirsk";
const TODAY = todayIn(ZONE, NOW);

let translator: Translator;

beforeAll(async () => {
  translator = await loadTranslator();
});

async function seed(db: TestDatabase, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    {
      config: createConfig({ DATA_DIR: "memory://", DEFAULT_TIMEZONE: ZONE }),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale: "ru",
      openDatabase: () => Promise.resolve(db.db),
    },
    ["seed-demo", ...argv],
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const ALL_TABLES = [
  "municipality",
  "organisation",
  "program",
  "person",
  "channel_account",
  "membership",
  "consent",
  "participant",
  "invite",
  "form_session",
  "answer",
  "group_meeting",
  "group_meeting_attendee",
  "preference",
  "pair",
  "pair_mentee",
  "meeting",
  "meeting_attendance",
  "meeting_confirmation",
  "roadmap_stage",
] as const;

async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ALL_TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      db.db,
    );
    counts[table] = rows[0]!.n;
  }
  return counts;
}

function envFor(definition: FormDefinition, context: SampleContext): Env {
  const sources = Object.fromEntries(
    Object.entries(context.sources ?? {}).map(([name, values]) => [
      name,
      values.map((value) => ({ value, label: { key: "app-name" } })),
    ]),
  );
  return { definition, sources, today: context.today };
}

/** Every kind of question, with limits tight enough that a careless generator would break them. */
const everyKind: FormDefinition = formDefinition.parse({
  key: "every_kind",
  version: 3,
  audience: "any",
  title: "app-name",
  questions: [
    { key: "intro", kind: "info", text: "app-name" },
    {
      key: "single",
      kind: "single_choice",
      text: "app-name",
      options: ["a", "b", "c"].map((value) => ({ value, label: "app-name" })),
    },
    {
      key: "multiple",
      kind: "multiple_choice",
      text: "app-name",
      min: 2,
      max: 3,
      options: ["a", "b", "c", "d", "e"].map((value) => ({ value, label: "app-name" })),
    },
    { key: "scale", kind: "scale", text: "app-name", min: 1, max: 5 },
    { key: "short", kind: "text", text: "app-name", minLength: 30, maxLength: 31 },
    { key: "number", kind: "number", text: "app-name", min: 2.5, max: 3.5, integer: false },
    { key: "whole", kind: "number", text: "app-name", min: -3, max: 3 },
    { key: "when", kind: "date", text: "app-name", minDaysFromToday: -7, maxDaysFromToday: -1 },
    { key: "later", kind: "date", text: "app-name", minDaysFromToday: 1 },
    { key: "yes", kind: "yes_no", text: "app-name" },
    { key: "follow_up", kind: "text", text: "app-name", showIf: { question: "yes", equals: true } },
    { key: "who", kind: "pick", text: "app-name", source: "mentors" },
    { key: "rank", kind: "ranking", text: "app-name", source: "mentors", maxChoices: 3, minChoices: 2 },
    {
      key: "rank_fixed",
      kind: "ranking",
      text: "app-name",
      maxChoices: 2,
      options: ["x", "y", "z"].map((value) => ({ value, label: "app-name" })),
    },
  ],
});

describe("sample answers", () => {
  const context: SampleContext = {
    today: TODAY,
    texts: ["Короткий ответ.", "Ответ подлиннее, чтобы его пришлось обрезать до нужной длины."],
    sources: { mentors: ["11", "12", "13", "14"] },
  };

  it("give a valid answer to every kind of question, within its limits", () => {
    const rng = createRng(7);
    const env = envFor(everyKind, context);
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 300; i++) {
      for (const question of everyKind.questions) {
        const value = sampleAnswer(question, rng, context);
        if (question.kind === "info") {
          expect(value).toBeUndefined();
          continue;
        }
        expect(value, question.key).toBeDefined();
        expect(isValidAnswer(question, value!, env), `${question.key}: ${JSON.stringify(value)}`).toBe(true);
        seen.set(question.key, (seen.get(question.key) ?? new Set()).add(JSON.stringify(value)));
      }
    }
    // Random, not constant: every question got more than one distinct answer over 300 draws.
    for (const [key, values] of seen) expect(values.size, key).toBeGreaterThan(1);
  });

  it("skip a run-time list that the context does not supply", () => {
    const pick = everyKind.questions.find((q) => q.key === "who") as Question;
    expect(sampleAnswer(pick, createRng(1), { today: TODAY, texts: ["x"] })).toBeUndefined();
  });

  it("fill whole built-in forms validly, answering only what show-if lets through", () => {
    const rng = createRng(11);
    for (const form of builtInForms) {
      const env = envFor(form, context);
      for (let i = 0; i < 40; i++) {
        const given = sampleAnswers(form, rng, context);
        const answers: Answers = {};
        for (const { questionKey, value } of given) {
          const question = form.questions.find((q) => q.key === questionKey)!;
          expect(question, `${form.key}.${questionKey}`).toBeDefined();
          expect(!question.showIf || evaluateCondition(question.showIf, answers), questionKey).toBe(true);
          expect(
            isValidAnswer(question, value, env),
            `${form.key}.${questionKey}=${JSON.stringify(value)}`,
          ).toBe(true);
          answers[questionKey] = value;
        }
        // A required visible question is never left out (unless its list is run-time and absent).
        for (const question of form.questions) {
          if (question.kind === "info" || question.optional || question.kind === "pick") continue;
          if (question.kind === "ranking" && question.source && !context.sources?.[question.source]) continue;
          if (question.showIf && !evaluateCondition(question.showIf, answers)) continue;
          expect(answers[question.key], `${form.key}.${question.key}`).toBeDefined();
        }
      }
    }
  });

  it("repeat exactly for the same seed and differ for another", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return builtInForms.map((form) => sampleAnswers(form, rng, context));
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});

describe("seed-demo", () => {
  let database: TestDatabase;
  let result: Awaited<ReturnType<typeof seed>>;
  let json: Extract<SeedDemoJson, { created: true }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    result = await seed(database, ["--participants", "40", "--json"]);
    json = JSON.parse(result.stdout) as typeof json;
  });

  afterAll(async () => {
    await database.close();
  });

  it("reports one JSON object with the ids and counts of what it created", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(json).toMatchObject({
      created: true,
      consoleAccount: { channel: "console", externalId: "demo" },
      counts: { people: 41, mentors: 10, mentees: 30, roadmapStages: 7 },
    });
    expect(json.invites.mentee.maxUses).toBe(500);
    expect(json.invites.mentor.maxUses).toBe(50);
  });

  it("creates the organisation, programme, curator and console login it reports", async () => {
    const db = database.db;
    const organisation = await db
      .selectFrom("organisation")
      .selectAll()
      .where("id", "=", json.organisationId)
      .executeTakeFirstOrThrow();
    expect(organisation).toMatchObject({
      name: "Демонстрационная школа № 1",
      time_zone: ZONE,
      municipality_id: json.municipalityId,
    });
    const program = await db
      .selectFrom("program")
      .selectAll()
      .where("id", "=", json.programId)
      .executeTakeFirstOrThrow();
    expect(program).toMatchObject({
      organisation_id: organisation.id,
      status: "active",
      academic_year: "2026/2027",
    });
    expect(program.starts_on! < TODAY && TODAY < program.ends_on!).toBe(true);
    const account = await db
      .selectFrom("channel_account")
      .selectAll()
      .where("channel", "=", "console")
      .where("external_id", "=", "demo")
      .executeTakeFirstOrThrow();
    expect(account.person_id).toBe(json.personId);
    const membership = await db
      .selectFrom("membership")
      .selectAll()
      .where("person_id", "=", json.personId)
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ role: "curator", organisation_id: organisation.id });
    expect(await rowCounts(database)).toMatchObject({ person: 41, channel_account: 41, roadmap_stage: 7 });
    const invites = await db.selectFrom("invite").selectAll().where("program_id", "=", program.id).execute();
    expect(invites.map((i) => i.code).sort()).toEqual(
      [json.invites.mentee.code, json.invites.mentor.code].sort(),
    );
  });

  it("gives every consenting participant a consent and the rest none", async () => {
    const participants = await database.db
      .selectFrom("participant")
      .leftJoin("consent", "consent.person_id", "participant.person_id")
      .select(["participant.side", "participant.status", "consent.kind", "consent.text_version"])
      .where("participant.program_id", "=", json.programId)
      .execute();
    expect(participants).toHaveLength(40);
    expect(participants.filter((p) => p.side === "mentor")).toHaveLength(json.counts.mentors);
    const pending = participants.filter((p) => p.status === "pending_consent");
    expect(pending).toHaveLength(json.counts.pendingConsent);
    for (const p of pending) expect(p.kind).toBeNull();
    for (const p of participants.filter((p) => p.status === "active")) {
      expect(p.kind).not.toBeNull();
      expect(p.text_version).toBe(DEMO_CONSENT_VERSION);
    }
    expect(participants.filter((p) => p.kind !== null)).toHaveLength(json.counts.consents);
  });

  it("stores entry questionnaires whose every answer is valid for its form and version", async () => {
    const sessions = await database.db
      .selectFrom("form_session")
      .innerJoin("participant", (join) =>
        join
          .onRef("participant.person_id", "=", "form_session.person_id")
          .onRef("participant.program_id", "=", "form_session.program_id"),
      )
      .select([
        "form_session.id",
        "form_session.form_key",
        "form_session.form_version",
        "form_session.status",
        "participant.side",
        "participant.status as participantStatus",
      ])
      .execute();
    expect(sessions.filter((s) => s.status === "submitted")).toHaveLength(json.counts.submittedForms);
    expect(sessions.filter((s) => s.status === "in_progress")).toHaveLength(json.counts.formsInProgress);
    expect(json.counts.submittedForms).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session.participantStatus).toBe("active");
      expect(session.form_key).toBe(session.side === "mentor" ? "mentor_entry" : "mentee_entry_pupil");
    }
    const answers = await database.db
      .selectFrom("answer")
      .innerJoin("form_session", "form_session.id", "answer.form_session_id")
      .select(["answer.question_key", "answer.value", "answer.form_version", "form_session.form_key"])
      .execute();
    expect(answers).toHaveLength(json.counts.answers);
    for (const answer of answers) {
      const form = builtInForms.find((f) => f.key === answer.form_key)!;
      expect(answer.form_version).toBe(form.version);
      const question = form.questions.find((q) => q.key === answer.question_key)!;
      expect(question, answer.question_key).toBeDefined();
      const env: Env = { definition: form, sources: {}, today: TODAY };
      expect(isValidAnswer(question, answer.value as never, env), `${answer.question_key}`).toBe(true);
    }
  });

  it("saves each session's state as the engine would, so it reads back and resumes", async () => {
    const sessions = await database.db.selectFrom("form_session").selectAll().execute();
    const answers = await database.db.selectFrom("answer").selectAll().execute();
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      const state = parseFormState(session.state);
      expect(state).toMatchObject({ formKey: session.form_key, formVersion: session.form_version });
      expect(session.step).toBe(stepOf(state));
      expect(state.cursor.at).toBe(session.status === "submitted" ? "done" : "question");
      const stored = Object.fromEntries(
        answers.filter((a) => a.form_session_id === session.id).map((a) => [a.question_key, a.value]),
      );
      expect(stored).toEqual(state.answers);
      const form = builtInForms.find((f) => f.key === session.form_key)!;
      for (const key of [...Object.keys(state.answers), ...state.skipped]) {
        expect(form.questions.some((q) => q.key === key)).toBe(true);
      }
      for (const key of state.skipped) expect(form.questions.find((q) => q.key === key)?.optional).toBe(true);
    }
  });

  it("holds a group meeting whose attendees ranked people of the other side", async () => {
    const db = database.db;
    const attendees = await db
      .selectFrom("group_meeting_attendee")
      .innerJoin("participant", "participant.id", "group_meeting_attendee.participant_id")
      .select(["participant.id", "participant.side", "participant.status"])
      .execute();
    expect(attendees).toHaveLength(json.counts.groupMeetingAttendees);
    for (const a of attendees) expect(a.status).toBe("active");
    const sideOf = new Map(attendees.map((a) => [a.id, a.side]));
    const preferences = await db.selectFrom("preference").selectAll().orderBy("rank").execute();
    expect(preferences).toHaveLength(json.counts.preferences);
    expect(preferences.length).toBeGreaterThan(0);
    const ranks = new Map<number, number[]>();
    for (const p of preferences) {
      expect(sideOf.get(p.from_participant_id)).toBeDefined();
      expect(sideOf.get(p.to_participant_id)).toBeDefined();
      expect(sideOf.get(p.from_participant_id)).not.toBe(sideOf.get(p.to_participant_id));
      ranks.set(p.from_participant_id, [...(ranks.get(p.from_participant_id) ?? []), p.rank]);
    }
    for (const list of ranks.values()) expect(list).toEqual(list.map((_, i) => i + 1));
  });

  it("forms pairs within each mentor's capacity, each mentee in one pair at most", async () => {
    const db = database.db;
    const rows = await db
      .selectFrom("pair")
      .innerJoin("participant as mentor", "mentor.id", "pair.mentor_participant_id")
      .innerJoin("pair_mentee", "pair_mentee.pair_id", "pair.id")
      .innerJoin("participant as mentee", "mentee.id", "pair_mentee.mentee_participant_id")
      .select([
        "pair.id",
        "pair.status",
        "pair.confirmed_by_person_id",
        "mentor.side as mentorSide",
        "mentor.capacity",
        "mentee.side as menteeSide",
        "mentee.id as menteeId",
        "mentee.status as menteeStatus",
      ])
      .execute();
    expect(rows).toHaveLength(json.counts.pairedMentees);
    expect(new Set(rows.map((r) => r.menteeId)).size).toBe(rows.length);
    const pairs = new Map<number, typeof rows>();
    for (const row of rows) pairs.set(row.id, [...(pairs.get(row.id) ?? []), row]);
    expect(pairs.size).toBe(json.counts.pairs);
    for (const members of pairs.values()) {
      expect(members.length).toBeLessThanOrEqual(members[0]!.capacity!);
      for (const m of members) {
        expect([m.mentorSide, m.menteeSide, m.menteeStatus]).toEqual(["mentor", "mentee", "active"]);
        expect(m.confirmed_by_person_id).toBe(m.status === "confirmed" ? json.personId : null);
      }
    }
    expect([...pairs.values()].filter((m) => m[0]!.status === "confirmed")).toHaveLength(
      json.counts.confirmedPairs,
    );
  });

  it("logs past meetings of confirmed pairs only, confirmed by their own mentees", async () => {
    const db = database.db;
    const meetings = await db
      .selectFrom("meeting")
      .innerJoin("pair", "pair.id", "meeting.pair_id")
      .select(["meeting.id", "meeting.pair_id", "meeting.type", "meeting.held_on", "pair.status"])
      .orderBy("meeting.held_on")
      .execute();
    expect(meetings).toHaveLength(json.counts.meetings);
    expect(meetings.length).toBeGreaterThan(0);
    const firstType = new Map<number, string>();
    for (const meeting of meetings) {
      expect(meeting.status).toBe("confirmed");
      expect(meeting.held_on < TODAY).toBe(true);
      if (!firstType.has(meeting.pair_id)) firstType.set(meeting.pair_id, meeting.type);
    }
    expect(new Set(firstType.values())).toEqual(new Set(["first"]));
    const strangers = await db
      .selectFrom("meeting_confirmation")
      .innerJoin("meeting", "meeting.id", "meeting_confirmation.meeting_id")
      .leftJoin("pair_mentee", (join) =>
        join
          .onRef("pair_mentee.pair_id", "=", "meeting.pair_id")
          .onRef("pair_mentee.mentee_participant_id", "=", "meeting_confirmation.participant_id"),
      )
      .select("meeting_confirmation.participant_id")
      .where("pair_mentee.pair_id", "is", null)
      .execute();
    expect(strangers).toEqual([]);
    expect((await rowCounts(database)).meeting_confirmation).toBe(json.counts.meetingConfirmations);
  });

  it("does not seed twice: a second run changes nothing and says where the demo is", async () => {
    const before = await rowCounts(database);
    const again = await seed(database, ["--participants", "500"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(
      `Демонстрационные данные уже есть: организация id ${json.organisationId}, программа id ${json.programId}, ` +
        `консольный куратор — человек id ${json.personId}. Ничего не изменено.\n` +
        "--participants 500 не применено: демонстрационные данные создаются один раз. Чтобы создать их заново " +
        "с другими параметрами, запустите seed-demo с пустой папкой данных (DATA_DIR).",
    );
    const plain = await seed(database, []);
    expect(plain.stdout).not.toContain("не применено");
    expect(await rowCounts(database)).toEqual(before);
    const asJson = await seed(database, ["--json", "--seed", "7"]);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      created: false,
      ignoredOptions: ["--seed 7"],
      organisationId: json.organisationId,
      programId: json.programId,
    });
  });

  it("refuses bad arguments before writing anything", async () => {
    const before = await rowCounts(database);
    for (const [argv, option] of [
      [["--participants", "1"], "--participants"],
      [["--participants", "100001"], "--participants"],
      [["--participants", "lots"], "--participants"],
      [["--seed", "0"], "--seed"],
      [["--people", "5"], "--people"],
    ] as const) {
      const refused = await seed(database, [...argv]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`Ошибка в ${option}:`);
      expect(refused.stdout).toBe("");
    }
    expect(await rowCounts(database)).toEqual(before);
  });
});

describe("seed-demo on a fresh database", () => {
  it("prints a summary for a person, and the same seed gives the same data", async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      const human = await seed(first, ["--participants", "12", "--seed", "42"]);
      expect(human.code, human.stderr).toBe(0);
      const lines = human.stdout.split("\n");
      expect(lines[0]).toMatch(/^Демонстрационные данные созданы: организация id \d+, программа id \d+/);
      expect(lines[1]).toMatch(/^Участников: 12 \(наставников 3, наставляемых 9;/);
      expect(human.stdout).toMatch(/Консольный вход \(channel console, external_id «demo»\)/);
      expect(human.stdout).toMatch(/Приглашение наставляемых:\nКод [0-9A-Z]{12}: для 500 человек/);
      await seed(second, ["--participants", "12", "--seed", "42", "--json"]);
      const answersOf = (db: TestDatabase) =>
        db.db
          .selectFrom("answer")
          .select(["form_session_id", "question_key", "value"])
          .orderBy("form_session_id")
          .orderBy("question_key")
          .execute();
      const a = await answersOf(first);
      expect(a.length).toBeGreaterThan(0);
      expect(await answersOf(second)).toEqual(a);
      expect(await rowCounts(second)).toEqual(await rowCounts(first));
    } finally {
      await first.close();
      await second.close();
    }
  });
});
