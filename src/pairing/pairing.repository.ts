import { sql, type Kysely } from "kysely";
import type { Category, Database, PairEndReason, Side } from "../storage/tables.js";

/**
 * Forming pairs as rows: group meetings and who was there, the preferences from the poll, proposed
 * pairs (a draft the curator edits) and confirmed ones. Every function takes the caller's
 * transaction; nothing here decides who may do what (the curator guard does, before calling).
 */

export interface CuratedProgram {
  id: number;
  name: string;
  organisationId: number;
  timeZone: string;
}

export interface PersonInProgram {
  participantId: number;
  personId: number;
  name: string | null;
  side: Side;
  category: Category;
}

/** Mentors take one mentee unless their questionnaire or the curator said more. */
export const DEFAULT_CAPACITY = 1;

const curatedPrograms = (db: Kysely<Database>, personId: number) =>
  db
    .selectFrom("program")
    .innerJoin("organisation", "organisation.id", "program.organisation_id")
    .innerJoin("membership", "membership.organisation_id", "program.organisation_id")
    .select([
      "program.id as id",
      "program.name as name",
      "program.organisation_id as organisationId",
      "organisation.time_zone as timeZone",
    ])
    .where("membership.person_id", "=", personId)
    .where("membership.role", "=", "curator")
    .where("program.status", "<>", "archived");

/** The programmes a curator runs (in the organisations they curate), oldest first. */
export function programsCuratedBy(db: Kysely<Database>, personId: number): Promise<CuratedProgram[]> {
  return curatedPrograms(db, personId).orderBy("program.id").execute();
}

/** The programme if this person curates its organisation; the one check behind every curator button. */
export function curatedProgram(
  db: Kysely<Database>,
  personId: number,
  programId: number,
): Promise<CuratedProgram | undefined> {
  return curatedPrograms(db, personId).where("program.id", "=", programId).executeTakeFirst();
}

export async function programOfGroupMeeting(db: Kysely<Database>, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("group_meeting")
    .select("program_id")
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.program_id;
}

export async function programOfPair(db: Kysely<Database>, id: number): Promise<number | undefined> {
  const row = await db.selectFrom("pair").select("program_id").where("id", "=", id).executeTakeFirst();
  return row?.program_id;
}

/** Active participants of a programme, mentors first, by name. */
export function activePeople(db: Kysely<Database>, programId: number): Promise<PersonInProgram[]> {
  return (
    db
      .selectFrom("participant")
      .innerJoin("person", "person.id", "participant.person_id")
      .select([
        "participant.id as participantId",
        "person.id as personId",
        "person.display_name as name",
        "participant.side as side",
        "participant.category as category",
      ])
      .where("participant.program_id", "=", programId)
      .where("participant.status", "=", "active")
      .where("person.erased_at", "is", null)
      // "mentor" sorts after "mentee": descending puts mentors first.
      .orderBy("participant.side", "desc")
      .orderBy("person.display_name")
      .orderBy("participant.id")
      .execute()
  );
}

export interface GroupMeetingRow {
  id: number;
  programId: number;
  heldOn: string;
  pollOpenedAt: Date | null;
  pollClosesAt: Date | null;
  pollClosedAt: Date | null;
}

const groupMeetingColumns = [
  "id",
  "program_id as programId",
  sql<string>`to_char(held_on, 'YYYY-MM-DD')`.as("heldOn"),
  "poll_opened_at as pollOpenedAt",
  "poll_closes_at as pollClosesAt",
  "poll_closed_at as pollClosedAt",
] as const;

export function groupMeeting(db: Kysely<Database>, id: number): Promise<GroupMeetingRow | undefined> {
  return db.selectFrom("group_meeting").select(groupMeetingColumns).where("id", "=", id).executeTakeFirst();
}

/** The programme's latest group meeting (a draft, an open poll or the last closed one). */
export function latestGroupMeeting(
  db: Kysely<Database>,
  programId: number,
): Promise<GroupMeetingRow | undefined> {
  return db
    .selectFrom("group_meeting")
    .select(groupMeetingColumns)
    .where("program_id", "=", programId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * A group meeting being recorded: the programme's unsent one if there is one (a curator who comes
 * back goes on where they were), else a new one on `heldOn` with every active participant marked
 * present, as the curator ticks off the absent rather than the present.
 */
export async function draftGroupMeeting(
  db: Kysely<Database>,
  /** personId: the curator recording it; null from the command line. */
  input: { programId: number; personId: number | null; heldOn: string },
): Promise<number> {
  const draft = await db
    .selectFrom("group_meeting")
    .select("id")
    .where("program_id", "=", input.programId)
    .where("poll_opened_at", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (draft) return draft.id;
  const { id } = await db
    .insertInto("group_meeting")
    .values({ program_id: input.programId, held_on: input.heldOn, opened_by_person_id: input.personId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
    insert into group_meeting_attendee (group_meeting_id, participant_id)
    select ${id}, id from participant where program_id = ${input.programId} and status = 'active'
  `.execute(db);
  return id;
}

export async function setHeldOn(db: Kysely<Database>, id: number, heldOn: string): Promise<void> {
  await db
    .updateTable("group_meeting")
    .set({ held_on: heldOn })
    .where("id", "=", id)
    .where("poll_opened_at", "is", null)
    .execute();
}

export interface Attendance extends PersonInProgram {
  present: boolean;
}

/** Everyone who could have been there (active now), and whether they were. */
export async function attendance(db: Kysely<Database>, groupMeetingId: number): Promise<Attendance[]> {
  const meeting = await groupMeeting(db, groupMeetingId);
  if (!meeting) return [];
  const present = new Set(
    (
      await db
        .selectFrom("group_meeting_attendee")
        .select("participant_id")
        .where("group_meeting_id", "=", groupMeetingId)
        .execute()
    ).map((r) => r.participant_id),
  );
  return (await activePeople(db, meeting.programId)).map((p) => ({
    ...p,
    present: present.has(p.participantId),
  }));
}

/** Marks one person present or absent while the meeting is still a draft; false when that is not possible. */
export async function toggleAttendee(
  db: Kysely<Database>,
  groupMeetingId: number,
  participantId: number,
): Promise<boolean> {
  const eligible = await db
    .selectFrom("group_meeting")
    .innerJoin("participant", "participant.program_id", "group_meeting.program_id")
    .select("participant.id")
    .where("group_meeting.id", "=", groupMeetingId)
    .where("group_meeting.poll_opened_at", "is", null)
    .where("participant.id", "=", participantId)
    .where("participant.status", "=", "active")
    .executeTakeFirst();
  if (!eligible) return false;
  const removed = await db
    .deleteFrom("group_meeting_attendee")
    .where("group_meeting_id", "=", groupMeetingId)
    .where("participant_id", "=", participantId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) {
    await db
      .insertInto("group_meeting_attendee")
      .values({ group_meeting_id: groupMeetingId, participant_id: participantId })
      .execute();
  }
  return true;
}

/**
 * Opens the poll once: the draft becomes a meeting held, with a deadline. Returns the people to ask
 * (present and active), or undefined when the poll was opened already (a second tap sends nothing).
 */
export async function openPoll(
  db: Kysely<Database>,
  groupMeetingId: number,
  at: { now: Date; closesAt: Date },
): Promise<PersonInProgram[] | undefined> {
  const opened = await db
    .updateTable("group_meeting")
    .set({ poll_opened_at: at.now, poll_closes_at: at.closesAt })
    .where("id", "=", groupMeetingId)
    .where("poll_opened_at", "is", null)
    .returning("program_id")
    .executeTakeFirst();
  if (!opened) return undefined;
  return presentPeople(db, groupMeetingId);
}

/** Who was at the meeting and is still active in the programme. */
export function presentPeople(db: Kysely<Database>, groupMeetingId: number): Promise<PersonInProgram[]> {
  return (
    db
      .selectFrom("group_meeting_attendee")
      .innerJoin("participant", "participant.id", "group_meeting_attendee.participant_id")
      .innerJoin("person", "person.id", "participant.person_id")
      .select([
        "participant.id as participantId",
        "person.id as personId",
        "person.display_name as name",
        "participant.side as side",
        "participant.category as category",
      ])
      .where("group_meeting_attendee.group_meeting_id", "=", groupMeetingId)
      .where("participant.status", "=", "active")
      .where("person.erased_at", "is", null)
      // "mentor" sorts after "mentee": descending puts mentors first.
      .orderBy("participant.side", "desc")
      .orderBy("person.display_name")
      .orderBy("participant.id")
      .execute()
  );
}

/** How many of those present have submitted their preferences. */
export async function pollProgress(
  db: Kysely<Database>,
  groupMeetingId: number,
): Promise<{ present: number; answered: number }> {
  const present = await presentPeople(db, groupMeetingId);
  if (present.length === 0) return { present: 0, answered: 0 };
  const answered = await db
    .selectFrom("form_session")
    .select(sql<number>`count(distinct person_id)::int`.as("n"))
    .where("form_key", "=", "preference_poll")
    .where("subject_key", "=", groupMeetingSubject(groupMeetingId))
    .where("status", "=", "submitted")
    .where(
      "person_id",
      "in",
      present.map((p) => p.personId),
    )
    .executeTakeFirstOrThrow();
  return { present: present.length, answered: answered.n };
}

/** The subject a preference poll's form session is about. */
export const groupMeetingSubject = (groupMeetingId: number) => `group-meeting:${groupMeetingId}`;

export function groupMeetingOfSubject(subjectKey: string): number | undefined {
  const match = /^group-meeting:(\d{1,10})$/.exec(subjectKey);
  return match ? Number(match[1]) : undefined;
}

/**
 * Replaces what one participant said in the poll of a group meeting: their ranking, first = most
 * wanted. Only people on the other side who were present count; anything else is dropped, and so is
 * a ranking that arrives after the poll closed.
 */
export async function recordPreferences(
  db: Kysely<Database>,
  input: { groupMeetingId: number; personId: number; ranked: readonly number[] },
): Promise<number> {
  const meeting = await groupMeeting(db, input.groupMeetingId);
  // A poll finished after it closed changes nothing: the proposal was made without it.
  if (!meeting || meeting.pollClosedAt) return 0;
  const present = await presentPeople(db, input.groupMeetingId);
  const from = present.find((p) => p.personId === input.personId);
  const programId = meeting.programId;
  if (!from) return 0;
  const candidates = new Set(present.filter((p) => p.side !== from.side).map((p) => p.participantId));
  const ranked = [...new Set(input.ranked)].filter((id) => candidates.has(id)).slice(0, 3);
  await db
    .deleteFrom("preference")
    .where("program_id", "=", programId)
    .where("from_participant_id", "=", from.participantId)
    .execute();
  if (ranked.length > 0) {
    await db
      .insertInto("preference")
      .values(
        ranked.map((to, index) => ({
          program_id: programId,
          group_meeting_id: input.groupMeetingId,
          from_participant_id: from.participantId,
          to_participant_id: to,
          rank: index + 1,
        })),
      )
      .execute();
  }
  return ranked.length;
}

export interface Preference {
  from: number;
  to: number;
  rank: number;
}

export function preferencesOf(db: Kysely<Database>, programId: number): Promise<Preference[]> {
  return db
    .selectFrom("preference")
    .select(["from_participant_id as from", "to_participant_id as to", "rank"])
    .where("program_id", "=", programId)
    .execute();
}

/** Mentors' capacities as stored (null where neither the questionnaire nor the curator gave one). */
export async function capacities(db: Kysely<Database>, programId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("participant")
    .select(["id", "capacity"])
    .where("program_id", "=", programId)
    .where("side", "=", "mentor")
    .execute();
  return new Map(rows.map((r) => [r.id, r.capacity ?? DEFAULT_CAPACITY]));
}

export async function setCapacity(
  db: Kysely<Database>,
  input: { programId: number; personId: number; capacity: number },
): Promise<void> {
  await db
    .updateTable("participant")
    .set({ capacity: input.capacity })
    .where("program_id", "=", input.programId)
    .where("person_id", "=", input.personId)
    .where("side", "=", "mentor")
    .execute();
}

/** The curator's word on a mentor's places; false when that is no active mentor of the programme. */
export async function setMentorCapacity(
  db: Kysely<Database>,
  input: { programId: number; mentorId: number; capacity: number },
): Promise<boolean> {
  const updated = await db
    .updateTable("participant")
    .set({ capacity: input.capacity })
    .where("id", "=", input.mentorId)
    .where("program_id", "=", input.programId)
    .where("side", "=", "mentor")
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Closes the poll once; false when it was closed already (by the clock or another tap). */
export async function closePoll(db: Kysely<Database>, groupMeetingId: number, now: Date): Promise<boolean> {
  const closed = await db
    .updateTable("group_meeting")
    .set({ poll_closed_at: now })
    .where("id", "=", groupMeetingId)
    .where("poll_opened_at", "is not", null)
    .where("poll_closed_at", "is", null)
    .executeTakeFirst();
  return Number(closed.numUpdatedRows) === 1;
}

/** Open polls whose deadline has passed, locked for this instance (another skips them). */
export async function duePolls(db: Kysely<Database>, now: Date, limit = 20): Promise<number[]> {
  const rows = await db
    .selectFrom("group_meeting")
    .select("id")
    .where("poll_opened_at", "is not", null)
    .where("poll_closed_at", "is", null)
    .where("poll_closes_at", "<=", now)
    .orderBy("poll_closes_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => r.id);
}

/** Mentees and mentors in confirmed pairs of the programme: matching leaves them (and used seats) alone. */
export async function confirmedLoad(
  db: Kysely<Database>,
  programId: number,
): Promise<{ pairedMentees: Set<number>; seatsTaken: Map<number, number> }> {
  const rows = await db
    .selectFrom("pair")
    .innerJoin("pair_mentee", "pair_mentee.pair_id", "pair.id")
    .select(["pair.mentor_participant_id as mentor", "pair_mentee.mentee_participant_id as mentee"])
    .where("pair.program_id", "=", programId)
    .where("pair.status", "=", "confirmed")
    .execute();
  const seatsTaken = new Map<number, number>();
  for (const row of rows) seatsTaken.set(row.mentor, (seatsTaken.get(row.mentor) ?? 0) + 1);
  return { pairedMentees: new Set(rows.map((r) => r.mentee)), seatsTaken };
}

export interface ProposedMentee {
  menteeId: number;
  menteeRank: number | null;
  mentorRank: number | null;
}

/** Throws away the programme's unconfirmed proposal and stores a new one. */
export async function replaceProposal(
  db: Kysely<Database>,
  input: {
    programId: number;
    groupMeetingId: number | null;
    now: Date;
    pairs: readonly { mentorId: number; mentees: readonly ProposedMentee[] }[];
  },
): Promise<void> {
  await db
    .deleteFrom("pair")
    .where("program_id", "=", input.programId)
    .where("status", "=", "proposed")
    .execute();
  for (const pair of input.pairs) {
    if (pair.mentees.length === 0) continue;
    const { id } = await db
      .insertInto("pair")
      .values({
        program_id: input.programId,
        mentor_participant_id: pair.mentorId,
        group_meeting_id: input.groupMeetingId,
        proposed_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pair_mentee")
      .values(
        pair.mentees.map((m) => ({
          pair_id: id,
          mentee_participant_id: m.menteeId,
          mentee_rank: m.menteeRank,
          mentor_rank: m.mentorRank,
        })),
      )
      .execute();
  }
}

export interface PairView {
  pairId: number;
  status: "proposed" | "confirmed";
  mentor: PersonInProgram & { capacity: number };
  mentees: (PersonInProgram & {
    menteeRank: number | null;
    mentorRank: number | null;
    assignedBy: "matching" | "curator";
  })[];
  confirmedAt: Date | null;
}

/** The programme's proposed or confirmed pairs with everyone's names, mentors by name. */
export async function pairsOf(
  db: Kysely<Database>,
  programId: number,
  status: "proposed" | "confirmed",
): Promise<PairView[]> {
  const rows = await db
    .selectFrom("pair")
    .innerJoin("participant as mentor", "mentor.id", "pair.mentor_participant_id")
    .innerJoin("person as mentor_person", "mentor_person.id", "mentor.person_id")
    .leftJoin("pair_mentee", "pair_mentee.pair_id", "pair.id")
    .leftJoin("participant as mentee", "mentee.id", "pair_mentee.mentee_participant_id")
    .leftJoin("person as mentee_person", "mentee_person.id", "mentee.person_id")
    .select([
      "pair.id as pairId",
      "pair.confirmed_at as confirmedAt",
      "mentor.id as mentorId",
      "mentor.person_id as mentorPersonId",
      "mentor_person.display_name as mentorName",
      "mentor.category as mentorCategory",
      "mentor.capacity as capacity",
      "mentee.id as menteeId",
      "mentee.person_id as menteePersonId",
      "mentee_person.display_name as menteeName",
      "mentee.category as menteeCategory",
      "pair_mentee.mentee_rank as menteeRank",
      "pair_mentee.mentor_rank as mentorRank",
      "pair_mentee.assigned_by as assignedBy",
    ])
    .where("pair.program_id", "=", programId)
    .where("pair.status", "=", status)
    .orderBy("mentor_person.display_name")
    .orderBy("pair.id")
    .orderBy("pair_mentee.mentor_rank")
    .orderBy("mentee_person.display_name")
    .execute();
  const pairs = new Map<number, PairView>();
  for (const row of rows) {
    let pair = pairs.get(row.pairId);
    if (!pair) {
      pair = {
        pairId: row.pairId,
        status,
        confirmedAt: row.confirmedAt,
        mentor: {
          participantId: row.mentorId,
          personId: row.mentorPersonId,
          name: row.mentorName,
          side: "mentor",
          category: row.mentorCategory,
          capacity: row.capacity ?? DEFAULT_CAPACITY,
        },
        mentees: [],
      };
      pairs.set(row.pairId, pair);
    }
    if (row.menteeId !== null && row.menteePersonId !== null && row.menteeCategory !== null) {
      pair.mentees.push({
        participantId: row.menteeId,
        personId: row.menteePersonId,
        name: row.menteeName,
        side: "mentee",
        category: row.menteeCategory,
        menteeRank: row.menteeRank,
        mentorRank: row.mentorRank,
        assignedBy: row.assignedBy ?? "curator",
      });
    }
  }
  return [...pairs.values()];
}

/**
 * Puts a mentee with a mentor in the proposal (or takes them out of it with `mentorId` null): the
 * curator's edit. The ranks each side gave are kept for the explanation. False when either person
 * is not an active participant of the programme on the right side, or the mentee is paired already.
 */
export async function placeMentee(
  db: Kysely<Database>,
  input: { programId: number; menteeId: number; mentorId: number | null; now: Date },
): Promise<boolean> {
  const people = await db
    .selectFrom("participant")
    .select(["id", "side"])
    .where("program_id", "=", input.programId)
    .where("status", "=", "active")
    .where("id", "in", input.mentorId === null ? [input.menteeId] : [input.menteeId, input.mentorId])
    .execute();
  const side = (id: number) => people.find((p) => p.id === id)?.side;
  if (side(input.menteeId) !== "mentee") return false;
  if (input.mentorId !== null && side(input.mentorId) !== "mentor") return false;
  const { pairedMentees } = await confirmedLoad(db, input.programId);
  if (pairedMentees.has(input.menteeId)) return false;
  await sql`
    delete from pair_mentee using pair
    where pair_mentee.pair_id = pair.id and pair.program_id = ${input.programId}
      and pair.status = 'proposed' and pair_mentee.mentee_participant_id = ${input.menteeId}
  `.execute(db);
  await sql`
    delete from pair where program_id = ${input.programId} and status = 'proposed'
      and not exists (select 1 from pair_mentee where pair_id = pair.id)
  `.execute(db);
  if (input.mentorId === null) return true;
  let pair = await db
    .selectFrom("pair")
    .select("id")
    .where("program_id", "=", input.programId)
    .where("status", "=", "proposed")
    .where("mentor_participant_id", "=", input.mentorId)
    .executeTakeFirst();
  pair ??= await db
    .insertInto("pair")
    .values({ program_id: input.programId, mentor_participant_id: input.mentorId, proposed_at: input.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ranks = await db
    .selectFrom("preference")
    .select(["from_participant_id as from", "rank"])
    .where("program_id", "=", input.programId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb("from_participant_id", "=", input.menteeId),
          eb("to_participant_id", "=", input.mentorId!),
        ]),
        eb.and([
          eb("from_participant_id", "=", input.mentorId!),
          eb("to_participant_id", "=", input.menteeId),
        ]),
      ]),
    )
    .execute();
  await db
    .insertInto("pair_mentee")
    .values({
      pair_id: pair.id,
      mentee_participant_id: input.menteeId,
      mentee_rank: ranks.find((r) => r.from === input.menteeId)?.rank ?? null,
      mentor_rank: ranks.find((r) => r.from === input.mentorId)?.rank ?? null,
      assigned_by: "curator",
    })
    .execute();
  return true;
}

/** Confirms every proposed pair of the programme at once; returns the pairs confirmed now. */
export async function confirmProposal(
  db: Kysely<Database>,
  input: { programId: number; personId: number; now: Date },
): Promise<number[]> {
  const rows = await db
    .updateTable("pair")
    .set({ status: "confirmed", confirmed_by_person_id: input.personId, confirmed_at: input.now })
    .where("program_id", "=", input.programId)
    .where("status", "=", "proposed")
    .where((eb) =>
      eb.exists(
        eb.selectFrom("pair_mentee").select("pair_id").whereRef("pair_mentee.pair_id", "=", "pair.id"),
      ),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Ends a confirmed pair; false when it is not confirmed (ended already, or never was). */
export async function endPair(
  db: Kysely<Database>,
  input: { pairId: number; reason: PairEndReason; personId: number; now: Date },
): Promise<boolean> {
  const ended = await db
    .updateTable("pair")
    .set({
      status: input.reason === "completed" ? "finished" : "cancelled",
      ended_reason: input.reason,
      ended_by_person_id: input.personId,
      finished_at: input.now,
    })
    .where("id", "=", input.pairId)
    .where("status", "=", "confirmed")
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) === 1;
}

/** What each person said in the poll, counted: who ranked nobody, who nobody ranked. */
export async function preferenceCounts(
  db: Kysely<Database>,
  programId: number,
): Promise<{ given: Map<number, number>; received: Map<number, number> }> {
  const given = new Map<number, number>();
  const received = new Map<number, number>();
  for (const p of await preferencesOf(db, programId)) {
    given.set(p.from, (given.get(p.from) ?? 0) + 1);
    received.set(p.to, (received.get(p.to) ?? 0) + 1);
  }
  return { given, received };
}
