import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import {
  createFormSessionService,
  type FormSessionService,
} from "../../src/form-sessions/form-session.service.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import {
  expectedType,
  insertMeeting,
  loggedTypes,
  meetingById,
  SUBJECTS,
  withdrawMeeting,
} from "../../src/meetings/meetings.repository.js";
import { createMeetingService, type MeetingService } from "../../src/meetings/meetings.service.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import type { Database, MeetingType } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * Meetings below the chat: the rows a submitted check-in and confirmation write, the expected order
 * of meeting types, corrections, and the clock's part (the day-before reminder, silent pairs nudged
 * and escalated, each in the recipient's own zone) with a clock the test moves.
 */

let database: TestDatabase;
let db: Kysely<Database>;
let translator: Translator;
let meetings: MeetingService;
let forms: FormSessionService;
let now = new Date("2026-12-01T09:00:00Z");
let run = 0;

interface Seeded {
  programId: number;
  organisationId: number;
  curator: number;
  mentor: { personId: number; participantId: number };
  mentees: { personId: number; participantId: number }[];
  pairId: number;
}

async function person(name: string, timeZone: string | null = null): Promise<number> {
  const { id } = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false, time_zone: timeZone })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: id, channel: "console", external_id: `m${id}`, chat_id: `m${id}` })
    .execute();
  return id;
}

/** An organisation in `zone` with a programme, a curator and one confirmed pair of a mentor and mentees. */
async function seed(options: {
  zone: string;
  mentees?: number;
  mentorZone?: string | null;
  confirmedAt?: Date;
}): Promise<Seeded> {
  run++;
  const { id: organisationId } = await db
    .insertInto("organisation")
    .values({ name: `Школа ${run}`, kind: "school", time_zone: options.zone })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: programId } = await db
    .insertInto("program")
    .values({
      organisation_id: organisationId,
      name: `Программа ${run}`,
      form_key: "teacher_pupil",
      academic_year: "2026/2027",
      status: "active",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const curator = await person(`Куратор ${run}`);
  await db
    .insertInto("membership")
    .values({ person_id: curator, role: "curator", organisation_id: organisationId })
    .execute();
  const participant = async (name: string, side: "mentor" | "mentee", zone: string | null = null) => {
    const personId = await person(name, zone);
    const { id } = await db
      .insertInto("participant")
      .values({
        program_id: programId,
        person_id: personId,
        side,
        category: side === "mentor" ? "teacher" : "pupil",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { personId, participantId: id };
  };
  const mentor = await participant(`Наставник ${run}`, "mentor", options.mentorZone ?? null);
  const mentees = [];
  for (let i = 0; i < (options.mentees ?? 1); i++)
    mentees.push(await participant(`Ученик ${run}.${i}`, "mentee"));
  const confirmedAt = options.confirmedAt ?? new Date("2026-11-01T06:00:00Z");
  const { id: pairId } = await db
    .insertInto("pair")
    .values({
      program_id: programId,
      mentor_participant_id: mentor.participantId,
      status: "confirmed",
      proposed_at: confirmedAt,
      confirmed_at: confirmedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("pair_mentee")
    .values(mentees.map((m) => ({ pair_id: pairId, mentee_participant_id: m.participantId })))
    .execute();
  return { programId, organisationId, curator, mentor, mentees, pairId };
}

async function deliveries(kind: string) {
  return db
    .selectFrom("delivery")
    .select(["person_id as personId", "dedupe_key as key", "payload"])
    .where("kind", "=", kind)
    .orderBy("id")
    .execute();
}

async function logMeeting(s: Seeded, type: MeetingType, heldOn: string, nextOn: string | null = null) {
  return insertMeeting(db, {
    pairId: s.pairId,
    type,
    heldOn,
    format: "in_person",
    lengthMinutes: 60,
    topicCodes: ["study"],
    topics: null,
    nextOn,
    loggedByPersonId: s.mentor.personId,
    formSessionId: (
      await db
        .insertInto("form_session")
        .values({
          person_id: s.mentor.personId,
          program_id: s.programId,
          form_key: "meeting_checkin",
          form_version: 2,
          subject_key: `seeded:${heldOn}:${Math.random()}`,
          status: "submitted",
          state: "{}",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
    attended: s.mentees.map((m) => m.participantId),
    menteeIds: s.mentees.map((m) => m.participantId),
    now,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  translator = await loadTranslator();
  meetings = createMeetingService({
    translator,
    clock: () => now,
    defaultTimeZone: "Europe/Moscow",
    rhythm: { silentAfterDays: 21, escalateAfterDays: 7 },
    async notify(trx, notice) {
      await notifyPerson(trx, notice, { defaultTimeZone: "Europe/Moscow" });
    },
  });
  forms = createFormSessionService({
    db,
    registry: createFormRegistry(builtInForms),
    clock: () => now,
    defaultTimeZone: "Europe/Moscow",
    onSubmit: (form, trx) => meetings.onSubmit(form, trx),
  });
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await db.deleteFrom("delivery").execute();
  now = new Date("2026-12-01T09:00:00Z");
});

/** Submits a check-in for the pair: the usual answers as defaults, then topics and the next date. */
async function checkIn(s: Seeded, defaults: Record<string, string | number | string[]>, subjectKey?: string) {
  const opened = await forms.open({
    personId: s.mentor.personId,
    formKey: "meeting_checkin",
    programId: s.programId,
    subjectKey: subjectKey ?? SUBJECTS.log(s.pairId),
    sources: {
      pair_mentees:
        s.mentees.length > 1
          ? s.mentees.map((m) => ({
              value: String(m.participantId),
              label: { key: "meetings-person", args: { name: "x" } },
            }))
          : [],
    },
    defaults: { held_on: "2026-12-01", format: "online", length_minutes: 45, ...defaults },
  });
  const sessionId = opened.sessionId;
  const send = (input: Parameters<FormSessionService["handle"]>[0]["input"]) =>
    forms.handle({ personId: s.mentor.personId, sessionId, input });
  let turn = opened;
  for (let guard = 0; guard < 10 && turn.status === "in_progress"; guard++) {
    const step = turn.prompts.at(-1);
    if (step?.type === "summary") turn = await send({ type: "submit", question: "_summary" });
    else if (step?.type === "question" && step.question === "topics") {
      await send({ type: "choose", question: "topics", value: "goals" });
      turn = await send({ type: "done", question: "topics" });
    } else if (step?.type === "question") turn = await send({ type: "skip", question: step.question });
    else throw new Error(`unexpected step ${JSON.stringify(step)}`);
  }
  expect(turn.status).toBe("submitted");
  return turn;
}

describe("logging a meeting from the check-in", () => {
  it("writes the meeting and who came, and asks only those present to confirm, once", async () => {
    const s = await seed({ zone: "Asia/Yekaterinburg", mentees: 3 });
    const [a, b, c] = s.mentees;
    await checkIn(s, {
      meeting_type: "first",
      attendance: [String(a!.participantId), String(c!.participantId)],
    });
    const meeting = await db
      .selectFrom("meeting")
      .selectAll()
      .where("pair_id", "=", s.pairId)
      .executeTakeFirstOrThrow();
    expect(meeting).toMatchObject({
      type: "first",
      held_on: "2026-12-01",
      format: "online",
      length_minutes: 45,
      topic_codes: ["goals"],
      topics: null,
      logged_by_person_id: s.mentor.personId,
    });
    const attendance = await db
      .selectFrom("meeting_attendance")
      .select(["participant_id as id", "attended"])
      .where("meeting_id", "=", meeting.id)
      .orderBy("participant_id")
      .execute();
    expect(attendance).toEqual([
      { id: a!.participantId, attended: true },
      { id: b!.participantId, attended: false },
      { id: c!.participantId, attended: true },
    ]);
    const asked = await deliveries("meeting.confirm");
    expect(asked.map((d) => d.personId)).toEqual([a!.personId, c!.personId]);
    // The defaults the check-in started with are stored as answers like the ones given.
    const session = await db
      .selectFrom("form_session")
      .select("id")
      .where("subject_key", "=", SUBJECTS.log(s.pairId))
      .executeTakeFirstOrThrow();
    expect((await forms.answers(session.id)).map((a) => a.questionKey).sort()).toEqual(
      ["attendance", "format", "held_on", "length_minutes", "meeting_type", "topics"].sort(),
    );
    expect(JSON.stringify(asked[0]!.payload)).toContain("Наставник");
  });

  it("expects the first three types in order, then regular, and a withdrawn one counts no more", async () => {
    const s = await seed({ zone: "Europe/Moscow" });
    const sequence: MeetingType[] = [];
    for (let i = 0; i < 5; i++) {
      const type = expectedType(await loggedTypes(db, s.pairId));
      sequence.push(type);
      await logMeeting(s, type, `2026-11-0${i + 1}`);
    }
    expect(sequence).toEqual(["first", "trial", "planning", "regular", "regular"]);
    const planning = await db
      .selectFrom("meeting")
      .select("id")
      .where("pair_id", "=", s.pairId)
      .where("type", "=", "planning")
      .executeTakeFirstOrThrow();
    expect(
      await withdrawMeeting(db, {
        meetingId: planning.id,
        reason: "not_held",
        personId: s.mentor.personId,
        now,
      }),
    ).toBe(true);
    expect(
      await withdrawMeeting(db, {
        meetingId: planning.id,
        reason: "other",
        personId: s.mentor.personId,
        now,
      }),
    ).toBe(false);
    expect(expectedType(await loggedTypes(db, s.pairId))).toBe("planning");
    expect(
      await db
        .selectFrom("meeting")
        .select(["delete_reason"])
        .where("id", "=", planning.id)
        .executeTakeFirst(),
    ).toEqual({ delete_reason: "not_held" });
  });

  it("corrects a meeting with the reason from the edit's subject, asking a newly added mentee too", async () => {
    const s = await seed({ zone: "Europe/Moscow", mentees: 2 });
    const [a, b] = s.mentees;
    await checkIn(s, { meeting_type: "first", attendance: [String(a!.participantId)] });
    const { id } = await db
      .selectFrom("meeting")
      .select("id")
      .where("pair_id", "=", s.pairId)
      .executeTakeFirstOrThrow();
    now = new Date("2026-12-02T09:00:00Z");
    await checkIn(
      s,
      {
        meeting_type: "first",
        held_on: "2026-11-30",
        attendance: [String(a!.participantId), String(b!.participantId)],
      },
      SUBJECTS.edit(id, "date"),
    );
    const meeting = await meetingById(db, id);
    expect(meeting).toMatchObject({ heldOn: "2026-11-30", editReason: "date" });
    expect(meeting?.editedAt?.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    expect(
      await db.selectFrom("meeting").select("id").where("pair_id", "=", s.pairId).execute(),
    ).toHaveLength(1);
    expect((await deliveries("meeting.confirm")).map((d) => d.personId)).toEqual([a!.personId, b!.personId]);
  });

  it("opens the final satisfaction poll for both sides when the final meeting is logged", async () => {
    const s = await seed({ zone: "Europe/Moscow", mentees: 2 });
    await checkIn(s, { meeting_type: "regular", attendance: s.mentees.map((m) => String(m.participantId)) });
    expect(await deliveries("meeting.final-poll")).toEqual([]);
    await checkIn(s, { meeting_type: "final", attendance: s.mentees.map((m) => String(m.participantId)) });
    const polls = await deliveries("meeting.final-poll");
    expect(polls.map((d) => d.personId).sort()).toEqual(
      [s.mentor.personId, ...s.mentees.map((m) => m.personId)].sort(),
    );
    expect(JSON.stringify(polls[0]!.payload)).toContain("Пройти итоговый опрос");
  });
});

describe("confirmations", () => {
  async function confirm(s: Seeded, mentee: number, meetingId: number, answers: [string, string][]) {
    const opened = await forms.open({
      personId: mentee,
      formKey: "meeting_confirmation",
      programId: s.programId,
      subjectKey: SUBJECTS.confirm(meetingId),
    });
    for (const [question, value] of answers) {
      const input =
        value === "skip" ? { type: "skip" as const, question } : { type: "choose" as const, question, value };
      await forms.handle({ personId: mentee, sessionId: opened.sessionId, input });
    }
    const done = await forms.handle({
      personId: mentee,
      sessionId: opened.sessionId,
      input: { type: "submit", question: "_summary" },
    });
    expect(done.status).toBe("submitted");
  }

  it("records each answer, and tells the curator of a disagreement and of a private flag", async () => {
    const s = await seed({ zone: "Europe/Moscow", mentees: 2 });
    const meetingId = await logMeeting(s, "first", "2026-11-30");
    const [a, b] = s.mentees;
    await confirm(s, a!.personId, meetingId, [
      ["happened", "yes"],
      ["usefulness", "5"],
      ["comment", "skip"],
      ["flag_to_curator", "skip"],
    ]);
    expect(await deliveries("meeting.disputed")).toEqual([]);
    await confirm(s, b!.personId, meetingId, [
      ["happened", "no"],
      ["comment", "skip"],
      ["flag_to_curator", "yes"],
    ]);
    const rows = await db
      .selectFrom("meeting_confirmation")
      .select(["participant_id as id", "happened", "usefulness", "flag_to_curator as flag"])
      .where("meeting_id", "=", meetingId)
      .orderBy("participant_id")
      .execute();
    expect(rows).toEqual([
      { id: a!.participantId, happened: true, usefulness: 5, flag: false },
      { id: b!.participantId, happened: false, usefulness: null, flag: true },
    ]);
    const disputed = await deliveries("meeting.disputed");
    expect(disputed.map((d) => d.personId)).toEqual([s.curator]);
    const text = JSON.stringify(disputed[0]!.payload);
    expect(text).toContain("Расхождение");
    expect(text).toContain("обратить на это внимание");
    // The mentor hears nothing of it.
    const toMentor = await db
      .selectFrom("delivery")
      .select("kind")
      .where("person_id", "=", s.mentor.personId)
      .execute();
    expect(toMentor).toEqual([]);
  });
});

describe("the rhythm, on the clock", () => {
  // The clock looks at every pair: each test starts with only its own.
  beforeEach(async () => {
    await db.deleteFrom("pair").execute();
  });

  it("reminds both sides the day before the next meeting, each at 17:00 on their own clock, once", async () => {
    // The school is in Vladivostok (UTC+10); the mentor has set Kaliningrad (UTC+2) for himself.
    const s = await seed({ zone: "Asia/Vladivostok", mentorZone: "Europe/Kaliningrad" });
    await logMeeting(s, "first", "2026-12-01", "2026-12-05");
    await meetings.tick(db, new Date("2026-12-04T06:59:00Z")); // 16:59 in Vladivostok
    expect(await deliveries("meeting.reminder")).toEqual([]);
    await meetings.tick(db, new Date("2026-12-04T07:00:00Z")); // 17:00 in Vladivostok, 09:00 in Kaliningrad
    expect((await deliveries("meeting.reminder")).map((d) => d.personId)).toEqual([s.mentees[0]!.personId]);
    await meetings.tick(db, new Date("2026-12-04T15:00:00Z")); // 17:00 in Kaliningrad
    await meetings.tick(db, new Date("2026-12-04T15:01:00Z"));
    const sent = await deliveries("meeting.reminder");
    expect(sent.map((d) => d.personId)).toEqual([s.mentees[0]!.personId, s.mentor.personId]);
    expect(JSON.stringify(sent[1]!.payload)).toContain("5 декабря");
    expect(JSON.stringify(sent[1]!.payload)).toContain("Отметить встречу");
  });

  it("waits out the programme's quiet hours when the clock comes late", async () => {
    const s = await seed({ zone: "Europe/Moscow" });
    await logMeeting(s, "first", "2026-12-01", "2026-12-05");
    // The service was down all evening: 22:00 and 08:59 in Moscow are inside the quiet hours (21-9).
    await meetings.tick(db, new Date("2026-12-04T19:00:00Z"));
    await meetings.tick(db, new Date("2026-12-05T05:59:00Z"));
    expect(await deliveries("meeting.reminder")).toEqual([]);
    await meetings.tick(db, new Date("2026-12-05T06:00:00Z"));
    expect((await deliveries("meeting.reminder")).map((d) => d.personId).sort()).toEqual(
      [s.mentor.personId, s.mentees[0]!.personId].sort(),
    );
    // A curator who set quiet hours from 16:00 gets no 17:00 reminder for the next meeting either.
    await db
      .updateTable("program")
      .set({ quiet_from: 16 * 60 })
      .where("id", "=", s.programId)
      .execute();
    await logMeeting(s, "trial", "2026-12-05", "2026-12-12");
    await meetings.tick(db, new Date("2026-12-11T14:00:00Z"));
    expect(await deliveries("meeting.reminder")).toHaveLength(2);
  });

  it("leaves out the day-before reminder for someone who muted reminders in /settings", async () => {
    const s = await seed({ zone: "Europe/Moscow" });
    await db
      .updateTable("person")
      .set({ reminders_muted: true })
      .where("id", "=", s.mentor.personId)
      .execute();
    await logMeeting(s, "first", "2026-12-01", "2026-12-05");
    await meetings.tick(db, new Date("2026-12-04T14:00:00Z")); // 17:00 in Moscow
    expect((await deliveries("meeting.reminder")).map((d) => d.personId)).toEqual([s.mentees[0]!.personId]);
  });

  it("says nothing once a newer meeting without a next date is logged", async () => {
    const s = await seed({ zone: "Europe/Moscow" });
    await logMeeting(s, "first", "2026-11-28", "2026-12-05");
    await logMeeting(s, "trial", "2026-12-01");
    await meetings.tick(db, new Date("2026-12-04T15:00:00Z"));
    expect(await deliveries("meeting.reminder")).toEqual([]);
  });

  it("nudges a silent pair's mentor after 21 days in the morning of their zone, then the curator a week later", async () => {
    // Two pairs, both last met on 10 November: one school in Vladivostok (UTC+10), one in Kaliningrad (UTC+2).
    const east = await seed({ zone: "Asia/Vladivostok" });
    const west = await seed({ zone: "Europe/Kaliningrad" });
    await logMeeting(east, "first", "2026-11-10");
    await logMeeting(west, "first", "2026-11-10");
    const nudged = async () => (await deliveries("meeting.silent")).map((d) => d.personId);

    // 30 November, day 20 everywhere: nothing yet.
    await meetings.tick(db, new Date("2026-11-30T12:00:00Z"));
    expect(await nudged()).toEqual([]);
    // 1 December 00:30 UTC: day 21 and 10:30 in Vladivostok; still 30 November in Kaliningrad.
    await meetings.tick(db, new Date("2026-12-01T00:30:00Z"));
    expect(await nudged()).toEqual([east.mentor.personId]);
    // 07:59 UTC is 09:59 in Kaliningrad: day 21 there, but before the working day.
    await meetings.tick(db, new Date("2026-12-01T07:59:00Z"));
    expect(await nudged()).toEqual([east.mentor.personId]);
    await meetings.tick(db, new Date("2026-12-01T08:00:00Z"));
    await meetings.tick(db, new Date("2026-12-01T09:00:00Z"));
    expect(await nudged()).toEqual([east.mentor.personId, west.mentor.personId]);
    expect(JSON.stringify((await deliveries("meeting.silent"))[0]!.payload)).toContain("21 день");

    // A week later the curators hear of the pair still silent; the one that met is left alone.
    await logMeeting(west, "trial", "2026-12-03");
    await meetings.tick(db, new Date("2026-12-07T12:00:00Z"));
    expect(await deliveries("meeting.silent-curator")).toEqual([]);
    await meetings.tick(db, new Date("2026-12-08T00:30:00Z")); // day 28, 10:30 in Vladivostok
    await meetings.tick(db, new Date("2026-12-08T00:31:00Z"));
    const escalated = await deliveries("meeting.silent-curator");
    expect(escalated.map((d) => d.personId)).toEqual([east.curator]);
    expect(JSON.stringify(escalated[0]!.payload)).toContain("28 дней");
    expect(await nudged()).toEqual([east.mentor.personId, west.mentor.personId]);
  });

  it("does not count the programme's school holidays as silence, and says nothing during them", async () => {
    const s = await seed({ zone: "Europe/Moscow" });
    // Winter holidays of 14 days, and an autumn week that overlaps nothing after the meeting.
    await db
      .insertInto("program_holiday")
      .values([
        { program_id: s.programId, starts_on: "2026-12-29", ends_on: "2027-01-11" },
        { program_id: s.programId, starts_on: "2026-10-26", ends_on: "2026-11-03" },
      ])
      .execute();
    await logMeeting(s, "first", "2026-12-15");
    const nudged = async () => (await deliveries("meeting.silent")).map((d) => d.personId);
    // 5 January, 12:00 in Moscow: day 21 by the calendar, in the middle of the holidays.
    await meetings.tick(db, new Date("2027-01-05T09:00:00Z"));
    // 18 January: 34 days by the calendar, 20 of them school days.
    await meetings.tick(db, new Date("2027-01-18T09:00:00Z"));
    expect(await nudged()).toEqual([]);
    // 19 January: the 21st school day. The message says how long it has really been.
    await meetings.tick(db, new Date("2027-01-19T09:00:00Z"));
    expect(await nudged()).toEqual([s.mentor.personId]);
    expect(JSON.stringify((await deliveries("meeting.silent"))[0]!.payload)).toContain("35 дней");
  });

  it("counts a pair without meetings from its confirmation, and escalates only after the nudge", async () => {
    // The school keeps Moscow time; the mentor lives on Kamchatka (UTC+12).
    const s = await seed({
      zone: "Europe/Moscow",
      mentorZone: "Asia/Kamchatka",
      confirmedAt: new Date("2026-11-01T08:00:00Z"),
    });
    const kinds = async () =>
      (
        await db
          .selectFrom("delivery")
          .select("kind")
          .where("kind", "like", "meeting.silent%")
          .orderBy("id")
          .execute()
      ).map((d) => d.kind);
    // Day 28 at once (say the service was down): 17:00 in Moscow, but 02:00 on Kamchatka. The mentor
    // is not woken, and the curator is not told of a silence the mentor has not heard of yet.
    await meetings.tick(db, new Date("2026-11-29T14:00:00Z"));
    expect(await kinds()).toEqual([]);
    // 10:00 on Kamchatka, 01:00 in Moscow: the mentor's nudge; the curator's message waits for morning.
    await meetings.tick(db, new Date("2026-11-29T22:00:00Z"));
    expect(await kinds()).toEqual(["meeting.silent"]);
    expect((await deliveries("meeting.silent"))[0]!.personId).toBe(s.mentor.personId);
    await meetings.tick(db, new Date("2026-11-30T07:00:00Z"));
    await meetings.tick(db, new Date("2026-11-30T07:01:00Z"));
    expect(await kinds()).toEqual(["meeting.silent", "meeting.silent-curator"]);
    expect((await deliveries("meeting.silent-curator"))[0]!.personId).toBe(s.curator);
  });
});
