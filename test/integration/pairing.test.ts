import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { recordPairingAnswers } from "../../src/pairing/form-answers.js";
import { atLocalTime } from "../../src/pairing/local-time.js";
import {
  draftGroupMeeting,
  groupMeeting,
  pairsOf,
  recordPreferences,
} from "../../src/pairing/pairing.repository.js";
import { createPairingService, type PairingService } from "../../src/pairing/pairing.service.js";
import type { Database, Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The service's own part of forming pairs, with a controllable clock: the poll's deadline in the
 * organisation's zone, the reminder the morning before, closing into a proposal once however many
 * ticks (or instances) run, and the rows written from submitted forms.
 */

let database: TestDatabase;
let db: Kysely<Database>;
let translator: Translator;
let pairing: PairingService;
let programId: number;
let curatorId: number;
let run = 0;

async function person(name: string): Promise<number> {
  const { id } = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: id, channel: "console", external_id: `p${id}`, chat_id: `p${id}` })
    .execute();
  return id;
}

async function participant(name: string, side: Side, capacity?: number) {
  const personId = await person(name);
  const { id } = await db
    .insertInto("participant")
    .values({
      program_id: programId,
      person_id: personId,
      side,
      category: side === "mentor" ? "teacher" : "pupil",
      status: "active",
      capacity: capacity ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { personId, participantId: id };
}

const deliveries = (kind: string) =>
  db
    .selectFrom("delivery")
    .select(["person_id as personId", "dedupe_key as key", "payload"])
    .where("kind", "=", kind)
    .orderBy("person_id")
    .execute();

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  translator = await loadTranslator();
  pairing = createPairingService({
    translator,
    async notify(trx, notice) {
      await notifyPerson(trx, notice, { defaultTimeZone: "Europe/Moscow" });
    },
  });
});
afterAll(() => database.close());

beforeEach(async () => {
  // Each test its own organisation in Irkutsk (UTC+8) and programme, in the one database.
  const { id: organisationId } = await db
    .insertInto("organisation")
    .values({ name: `Школа ${++run}`, kind: "school", time_zone: "Asia/Irkutsk" })
    .returning("id")
    .executeTakeFirstOrThrow();
  programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: `Программа ${run}`,
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  curatorId = await person("Куратор");
  await db
    .insertInto("membership")
    .values({ person_id: curatorId, role: "curator", organisation_id: organisationId })
    .execute();
});

describe("the preference poll on the clock", () => {
  it("closes at 20:00 on the organisation's clock three days on, reminds the morning before, and proposes once", async () => {
    const mentor = await participant("Марина", "mentor");
    const mentee = await participant("Аня", "mentee");
    const quiet = await participant("Борис", "mentee");
    // Monday 7 December, 11:00 in Irkutsk.
    const opened = new Date("2026-12-07T03:00:00Z");
    const meetingId = await draftGroupMeeting(db, { programId, personId: curatorId, heldOn: "2026-12-07" });
    const sent = await pairing.sendPoll(db, {
      groupMeetingId: meetingId,
      programName: "Программа",
      timeZone: "Asia/Irkutsk",
      now: opened,
    });
    expect(sent?.asked.map((p) => p.participantId).sort()).toEqual(
      [mentor.participantId, mentee.participantId, quiet.participantId].sort(),
    );
    expect(sent?.closesAt.toISOString()).toBe("2026-12-10T12:00:00.000Z");
    // A second send (a double tap) asks nobody again.
    expect(
      await pairing.sendPoll(db, {
        groupMeetingId: meetingId,
        programName: "Программа",
        timeZone: "Asia/Irkutsk",
        now: opened,
      }),
    ).toBeUndefined();
    expect(await deliveries("pairing.poll")).toHaveLength(3);

    await recordPreferences(db, {
      groupMeetingId: meetingId,
      personId: mentee.personId,
      ranked: [mentor.participantId],
    });
    await recordPreferences(db, {
      groupMeetingId: meetingId,
      personId: mentor.personId,
      ranked: [mentee.participantId],
    });

    // The reminder waits for 10:00 on Wednesday in Irkutsk (02:00 UTC), then goes once.
    await pairing.tick(db, new Date("2026-12-09T01:59:00Z"));
    expect(await deliveries("pairing.poll-reminder")).toHaveLength(0);
    await pairing.tick(db, new Date("2026-12-09T02:00:00Z"));
    await pairing.tick(db, new Date("2026-12-09T02:01:00Z"));
    expect((await deliveries("pairing.poll-reminder")).map((d) => d.personId).sort()).toEqual(
      [mentor.personId, mentee.personId, quiet.personId].sort(),
    );

    // Not a minute before the deadline...
    await pairing.tick(db, new Date("2026-12-10T11:59:00Z"));
    expect((await groupMeeting(db, meetingId))?.pollClosedAt).toBeNull();
    expect(await pairsOf(db, programId, "proposed")).toEqual([]);

    // ...then closed into a proposal, and the curator told, once for two instances ticking together.
    const deadline = new Date("2026-12-10T12:00:00Z");
    await Promise.all([pairing.tick(db, deadline), pairing.tick(db, deadline)]);
    await pairing.tick(db, new Date("2026-12-10T12:01:00Z"));
    const proposal = await pairsOf(db, programId, "proposed");
    expect(proposal.map((p) => [p.mentor.participantId, p.mentees.map((m) => m.participantId)])).toEqual([
      [mentor.participantId, [mentee.participantId]],
    ]);
    expect((await groupMeeting(db, meetingId))?.pollClosedAt?.toISOString()).toBe(deadline.toISOString());
    const ready = await deliveries("pairing.proposal-ready");
    expect(ready.map((d) => d.personId)).toEqual([curatorId]);
    expect(JSON.stringify(ready[0]?.payload)).toContain("предложено пар — 1, без пары — 1");
  });

  it("leaves mentees in confirmed pairs and withdrawn people out, and counts the places confirmed pairs use", async () => {
    const mentor = await participant("Марина", "mentor", 2);
    const paired = await participant("Аня", "mentee");
    const fresh = await participant("Борис", "mentee");
    const other = await participant("Вера", "mentee");
    const leaving = await participant("Глеб", "mentee");
    const { id: pairId } = await db
      .insertInto("pair")
      .values({ program_id: programId, mentor_participant_id: mentor.participantId, status: "confirmed" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pair_mentee")
      .values({ pair_id: pairId, mentee_participant_id: paired.participantId })
      .execute();

    const meetingId = await draftGroupMeeting(db, { programId, personId: curatorId, heldOn: "2026-12-07" });
    await pairing.sendPoll(db, {
      groupMeetingId: meetingId,
      programName: "Программа",
      timeZone: "Asia/Irkutsk",
      now: new Date("2026-12-07T03:00:00Z"),
    });
    for (const mentee of [paired, fresh, other, leaving]) {
      await recordPreferences(db, {
        groupMeetingId: meetingId,
        personId: mentee.personId,
        ranked: [mentor.participantId],
      });
    }
    await recordPreferences(db, {
      groupMeetingId: meetingId,
      personId: mentor.personId,
      ranked: [leaving.participantId, other.participantId, fresh.participantId],
    });
    await db
      .updateTable("participant")
      .set({ status: "left" })
      .where("id", "=", leaving.participantId)
      .execute();

    const result = await pairing.propose(db, {
      groupMeetingId: meetingId,
      now: new Date("2026-12-08T03:00:00Z"),
    });
    // One place left of two: the mentor's preferred remaining mentee gets it; Глеб has left.
    expect(result).toMatchObject({ pairs: 1, unmatched: 1 });
    const proposal = await pairsOf(db, programId, "proposed");
    expect(
      proposal.flatMap((p) => p.mentees.map((m) => [m.participantId, m.menteeRank, m.mentorRank])),
    ).toEqual([[other.participantId, 1, 2]]);
    // A ranking finished after the poll closed is not recorded.
    expect(
      await recordPreferences(db, {
        groupMeetingId: meetingId,
        personId: fresh.personId,
        ranked: [mentor.participantId],
      }),
    ).toBe(0);
    // Closing again (a stale tap, the clock) keeps the proposal as it is.
    expect(
      await pairing.propose(db, { groupMeetingId: meetingId, now: new Date("2026-12-09T03:00:00Z") }),
    ).toBeUndefined();
    expect((await pairsOf(db, programId, "proposed")).map((p) => p.pairId)).toEqual(
      proposal.map((p) => p.pairId),
    );
  });

  it("reads a preference ranking and a mentor's capacity from submitted forms, ignoring people not present", async () => {
    const mentor = await participant("Марина", "mentor");
    const absentMentor = await participant("Игорь", "mentor");
    const mentee = await participant("Аня", "mentee");
    const meetingId = await draftGroupMeeting(db, { programId, personId: curatorId, heldOn: "2026-12-07" });
    await db
      .deleteFrom("group_meeting_attendee")
      .where("group_meeting_id", "=", meetingId)
      .where("participant_id", "=", absentMentor.participantId)
      .execute();
    const form = {
      sessionId: 1,
      programId,
      formVersion: 1,
    };
    await recordPairingAnswers(
      {
        ...form,
        personId: mentee.personId,
        formKey: "preference_poll",
        subjectKey: `group-meeting:${meetingId}`,
        answers: {
          preferences: [String(absentMentor.participantId), String(mentor.participantId), "999999"],
        },
      },
      db,
    );
    await recordPairingAnswers(
      {
        ...form,
        personId: mentor.personId,
        formKey: "mentor_entry",
        subjectKey: "",
        answers: { capacity: 3 },
      },
      db,
    );
    const preferences = await db
      .selectFrom("preference")
      .select(["to_participant_id as to", "rank", "group_meeting_id as meeting"])
      .where("from_participant_id", "=", mentee.participantId)
      .execute();
    expect(preferences).toEqual([{ to: mentor.participantId, rank: 1, meeting: meetingId }]);
    const capacity = await db
      .selectFrom("participant")
      .select("capacity")
      .where("id", "=", mentor.participantId)
      .executeTakeFirstOrThrow();
    expect(capacity.capacity).toBe(3);
  });
});

describe("local time", () => {
  it("finds the instant a wall clock shows, in zones across Russia", () => {
    expect(atLocalTime("2026-12-10", 20, 0, "Asia/Irkutsk").toISOString()).toBe("2026-12-10T12:00:00.000Z");
    expect(atLocalTime("2026-12-10", 20, 0, "Europe/Moscow").toISOString()).toBe("2026-12-10T17:00:00.000Z");
    expect(atLocalTime("2026-12-10", 9, 30, "Asia/Kamchatka").toISOString()).toBe("2026-12-09T21:30:00.000Z");
    expect(atLocalTime("2026-12-10", 0, 0, "Europe/Kaliningrad").toISOString()).toBe(
      "2026-12-09T22:00:00.000Z",
    );
  });
});
