import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPersonRepository, ERASED_OPTION_LABEL } from "../../src/journey/person.repository.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import type { Database } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * /forget on a mentor with a full history: a curator role, a questionnaire, a pair with a mentee,
 * a logged meeting, confirmations, preferences, a parent's consent given for a child, codes and
 * messages. One test per table that holds personal data says what is left of them afterwards.
 */
let database: TestDatabase;
let db: Kysely<Database>;
const ids = {} as Record<
  | "mentor"
  | "mentee"
  | "child"
  | "mentorAccount"
  | "menteeAccount"
  | "mentorParticipant"
  | "menteeParticipant"
  | "pair"
  | "meeting"
  | "groupMeeting"
  | "mentorSession"
  | "menteeSession"
  | "childRequest"
  | "ownRequest"
  | "mentionPending"
  | "mentionSent"
  | "plain",
  number
>;
let tombstone: number;

const insertId = async (query: { executeTakeFirstOrThrow(): Promise<{ id: number }> }) =>
  (await query.executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const organisation = await insertId(
    db
      .insertInto("organisation")
      .values({ name: "Школа № 3", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id"),
  );
  const program = await insertId(
    db
      .insertInto("program")
      .values({
        organisation_id: organisation,
        name: "Учитель — ученик",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id"),
  );
  const person = (name: string) =>
    insertId(db.insertInto("person").values({ display_name: name, locale: "ru" }).returning("id"));
  ids.mentor = await person("Мария Петровна");
  ids.mentee = await person("Анна");
  ids.child = await person("Петя");
  const account = (personId: number, external: string) =>
    insertId(
      db
        .insertInto("channel_account")
        .values({ person_id: personId, channel: "telegram", external_id: external, chat_id: external })
        .returning("id"),
    );
  ids.mentorAccount = await account(ids.mentor, "501");
  ids.menteeAccount = await account(ids.mentee, "502");
  await account(ids.child, "503");

  await db
    .insertInto("membership")
    .values({ person_id: ids.mentor, role: "curator", organisation_id: organisation })
    .execute();
  await db
    .insertInto("consent")
    .values([
      { person_id: ids.mentor, kind: "personal_data", text_version: "v1", given_by: "self" },
      { person_id: ids.mentee, kind: "personal_data", text_version: "v1", given_by: "self" },
      {
        person_id: ids.child,
        kind: "parental",
        text_version: "v1",
        given_by: "parent",
        given_by_person_id: ids.mentor,
      },
    ])
    .execute();
  const participant = (personId: number, side: "mentor" | "mentee") =>
    insertId(
      db
        .insertInto("participant")
        .values({
          program_id: program,
          person_id: personId,
          side,
          category: side === "mentor" ? "teacher" : "pupil",
        })
        .returning("id"),
    );
  ids.mentorParticipant = await participant(ids.mentor, "mentor");
  ids.menteeParticipant = await participant(ids.mentee, "mentee");

  const session = (personId: number, formKey: string, state: unknown) =>
    insertId(
      db
        .insertInto("form_session")
        .values({
          person_id: personId,
          program_id: program,
          form_key: formKey,
          form_version: 1,
          status: "submitted",
          state: JSON.stringify(state),
        })
        .returning("id"),
    );
  ids.mentorSession = await session(ids.mentor, "mentor_entry", { sources: {} });
  ids.menteeSession = await session(ids.mentee, "preference_poll", {
    sources: {
      group_meeting_candidates: [
        {
          value: String(ids.mentorParticipant),
          label: { key: "form-person", args: { name: "Мария Петровна" } },
        },
        { value: "999", label: { key: "form-person", args: { name: "Иван Иванович" } } },
      ],
    },
  });
  await db
    .insertInto("answer")
    .values([
      { form_session_id: ids.mentorSession, question_key: "about", form_version: 1, value: '"Учу физике"' },
      {
        form_session_id: ids.menteeSession,
        question_key: "preferences",
        form_version: 1,
        value: JSON.stringify([String(ids.mentorParticipant)]),
      },
    ])
    .execute();

  ids.pair = await insertId(
    db
      .insertInto("pair")
      .values({
        program_id: program,
        mentor_participant_id: ids.mentorParticipant,
        status: "confirmed",
        confirmed_by_person_id: ids.mentor,
      })
      .returning("id"),
  );
  await db
    .insertInto("pair_mentee")
    .values({ pair_id: ids.pair, mentee_participant_id: ids.menteeParticipant })
    .execute();
  ids.meeting = await insertId(
    db
      .insertInto("meeting")
      .values({
        pair_id: ids.pair,
        type: "first",
        held_on: "2026-12-01",
        format: "online",
        logged_by_person_id: ids.mentor,
        form_session_id: ids.mentorSession,
      })
      .returning("id"),
  );
  await db
    .insertInto("meeting_confirmation")
    .values([
      { meeting_id: ids.meeting, participant_id: ids.menteeParticipant, happened: true, usefulness: 5 },
      {
        meeting_id: ids.meeting,
        participant_id: ids.mentorParticipant,
        happened: true,
        comment: "Мария: Анна молодец",
      },
    ])
    .execute();
  await db
    .insertInto("meeting_attendance")
    .values([
      { meeting_id: ids.meeting, participant_id: ids.menteeParticipant, attended: true },
      { meeting_id: ids.meeting, participant_id: ids.mentorParticipant, attended: true },
    ])
    .execute();
  ids.groupMeeting = await insertId(
    db.insertInto("group_meeting").values({ program_id: program, held_on: "2026-11-20" }).returning("id"),
  );
  await db
    .insertInto("group_meeting_attendee")
    .values([
      { group_meeting_id: ids.groupMeeting, participant_id: ids.mentorParticipant },
      { group_meeting_id: ids.groupMeeting, participant_id: ids.menteeParticipant },
    ])
    .execute();
  await db
    .insertInto("preference")
    .values([
      {
        program_id: program,
        from_participant_id: ids.menteeParticipant,
        to_participant_id: ids.mentorParticipant,
        rank: 1,
      },
      {
        program_id: program,
        from_participant_id: ids.mentorParticipant,
        to_participant_id: ids.menteeParticipant,
        rank: 1,
      },
    ])
    .execute();

  const expires = new Date(Date.now() + 86_400_000);
  ids.ownRequest = await insertId(
    db
      .insertInto("parental_consent_request")
      .values({ code: "PMENTOR", person_id: ids.mentor, expires_at: expires })
      .returning("id"),
  );
  ids.childRequest = await insertId(
    db
      .insertInto("parental_consent_request")
      .values({
        code: "PCHILD",
        person_id: ids.child,
        expires_at: expires,
        fulfilled_at: new Date(),
        fulfilled_by_person_id: ids.mentor,
      })
      .returning("id"),
  );
  await db
    .insertInto("account_link_code")
    .values([
      { code: "LMENTOR", person_id: ids.mentor, expires_at: expires },
      { code: "LMENTEE", person_id: ids.mentee, expires_at: expires },
    ])
    .execute();

  const notice = async (personId: number, key: string, text: string, mentions?: number[]) => {
    const outcome = await notifyPerson(
      db,
      { personId, kind: "test", dedupeKey: key, ...(mentions && { mentions }), render: () => ({ text }) },
      { defaultTimeZone: "Europe/Moscow" },
    );
    if (outcome.status !== "queued") throw new Error(`not queued: ${outcome.status}`);
    return outcome.deliveryId;
  };
  await notice(ids.mentor, "to-mentor", "Мария, у вас встреча");
  ids.mentionPending = await notice(ids.mentee, "mention-pending", "Ваш наставник: Мария Петровна", [
    ids.mentor,
  ]);
  ids.mentionSent = await notice(ids.mentee, "mention-sent", "Мария Петровна ждёт вас", [ids.mentor]);
  await db
    .updateTable("delivery")
    .set({ status: "sent", sent_at: new Date() })
    .where("id", "=", ids.mentionSent)
    .execute();
  ids.plain = await notice(ids.mentee, "plain", "Напоминание о встрече");

  await createPersonRepository(db).erase(ids.mentor);
  const participant_ = await db
    .selectFrom("participant")
    .select("person_id")
    .where("id", "=", ids.mentorParticipant)
    .executeTakeFirstOrThrow();
  tombstone = participant_.person_id;
});
afterAll(async () => {
  await database?.close();
});

describe("erasing a mentor", () => {
  it("person: the row is gone; a nameless tombstone holds the participations; others are untouched", async () => {
    const people = await db.selectFrom("person").select(["id", "display_name", "erased_at"]).execute();
    expect(people.map((p) => p.id)).not.toContain(ids.mentor);
    expect(tombstone).not.toBe(ids.mentor);
    const stone = people.find((p) => p.id === tombstone);
    expect(stone).toMatchObject({ display_name: null });
    expect(stone?.erased_at).toBeInstanceOf(Date);
    expect(
      people
        .filter((p) => p.erased_at === null)
        .map((p) => p.display_name)
        .sort(),
    ).toEqual(["Анна", "Петя"]);
    expect(JSON.stringify(await db.selectFrom("person").selectAll().execute())).not.toContain("Мария");
  });

  it("channel_account: the mentor's accounts are gone, nobody else's", async () => {
    const rows = await db.selectFrom("channel_account").select(["person_id", "external_id"]).execute();
    expect(rows.map((r) => r.external_id).sort()).toEqual(["502", "503"]);
    expect(rows.map((r) => r.person_id)).not.toContain(tombstone);
  });

  it("consent: the mentor's own are gone; a child's consent they gave stays, without their id", async () => {
    const rows = await db.selectFrom("consent").select(["person_id", "given_by_person_id"]).execute();
    expect(rows.map((r) => r.person_id).sort()).toEqual([ids.mentee, ids.child].sort());
    expect(rows.find((r) => r.person_id === ids.child)?.given_by_person_id).toBeNull();
  });

  it("membership: the curator role is gone", async () => {
    expect(await db.selectFrom("membership").selectAll().execute()).toEqual([]);
  });

  it("participant: the mentor's participation stays for the pair, detached and left; the mentee's is unchanged", async () => {
    const rows = await db.selectFrom("participant").select(["id", "person_id", "status"]).execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === ids.mentorParticipant)).toMatchObject({
      person_id: tombstone,
      status: "left",
    });
    expect(rows.find((r) => r.id === ids.menteeParticipant)).toMatchObject({
      person_id: ids.mentee,
      status: "active",
    });
  });

  it("pair, preference, group meeting: the mentee's pair, choices and attendance stay", async () => {
    expect(await db.selectFrom("pair").select(["id", "confirmed_by_person_id"]).execute()).toEqual([
      { id: ids.pair, confirmed_by_person_id: null },
    ]);
    expect(await db.selectFrom("pair_mentee").selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom("preference").selectAll().execute()).toHaveLength(2);
    expect(await db.selectFrom("group_meeting_attendee").selectAll().execute()).toHaveLength(2);
  });

  it("meeting and confirmations: kept; the mentee's as given, the mentor's without its free text", async () => {
    expect(
      await db.selectFrom("meeting").select(["id", "logged_by_person_id", "form_session_id"]).execute(),
    ).toEqual([{ id: ids.meeting, logged_by_person_id: null, form_session_id: null }]);
    const confirmations = await db
      .selectFrom("meeting_confirmation")
      .select(["participant_id", "happened", "usefulness", "comment"])
      .execute();
    expect(confirmations).toHaveLength(2);
    expect(confirmations.find((c) => c.participant_id === ids.menteeParticipant)).toMatchObject({
      happened: true,
      usefulness: 5,
    });
    expect(confirmations.find((c) => c.participant_id === ids.mentorParticipant)).toMatchObject({
      happened: true,
      comment: null,
    });
    expect(await db.selectFrom("meeting_attendance").selectAll().execute()).toHaveLength(2);
  });

  it("form_session and answer: the mentor's are gone; the mentee's keep their answers, the name leaves their option list", async () => {
    const sessions = await db.selectFrom("form_session").select(["id", "state", "revision"]).execute();
    expect(sessions.map((s) => s.id)).toEqual([ids.menteeSession]);
    const state = sessions[0]!.state as {
      sources: Record<string, { value: string; label: { key: string; args?: unknown } }[]>;
    };
    expect(state.sources.group_meeting_candidates).toEqual([
      { value: String(ids.mentorParticipant), label: { key: ERASED_OPTION_LABEL } },
      { value: "999", label: { key: "form-person", args: { name: "Иван Иванович" } } },
    ]);
    expect(sessions[0]!.revision).toBe(1);
    const answers = await db.selectFrom("answer").select(["form_session_id", "value"]).execute();
    expect(answers).toEqual([{ form_session_id: ids.menteeSession, value: [String(ids.mentorParticipant)] }]);
  });

  it("delivery: messages to the mentor are gone; others' naming them are blanked, unsent ones skipped", async () => {
    const rows = await db
      .selectFrom("delivery")
      .select(["id", "person_id", "status", "payload", "last_error"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.person_id)).not.toContain(ids.mentor);
    expect(rows.find((r) => r.id === ids.mentionPending)).toMatchObject({
      status: "skipped",
      payload: { text: "" },
      last_error: "erased",
    });
    expect(rows.find((r) => r.id === ids.mentionSent)).toMatchObject({
      status: "sent",
      payload: { text: "" },
    });
    expect(rows.find((r) => r.id === ids.plain)).toMatchObject({
      status: "pending",
      payload: { text: "Напоминание о встрече" },
    });
    expect(JSON.stringify(rows)).not.toContain("Мария");
  });

  it("parental_consent_request: the mentor's own is gone; a child's they fulfilled stays without their id", async () => {
    expect(
      await db.selectFrom("parental_consent_request").select(["id", "fulfilled_by_person_id"]).execute(),
    ).toEqual([{ id: ids.childRequest, fulfilled_by_person_id: null }]);
  });

  it("account_link_code: the mentor's codes are gone", async () => {
    expect(
      (await db.selectFrom("account_link_code").select("person_id").execute()).map((r) => r.person_id),
    ).toEqual([ids.mentee]);
  });
});
