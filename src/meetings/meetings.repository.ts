import { sql, type Kysely } from "kysely";
import { pairsOf, type PairView } from "../pairing/pairing.repository.js";
import type { Database, MeetingDeleteReason, MeetingEditReason, MeetingType } from "../storage/tables.js";

/**
 * Meetings as rows: what a mentor logged for a confirmed pair, who of a group came, what each mentee
 * confirmed, and corrections. Every function takes the caller's transaction; who may do what is
 * checked by the flow before it calls.
 */

/** A confirmed pair with the programme and the organisation's zone its calendar runs in. */
export interface PairInProgram extends PairView {
  programId: number;
  programName: string;
  organisationId: number;
  timeZone: string;
}

export type MeetingFormat = "in_person" | "online";

export interface MeetingRow {
  id: number;
  pairId: number;
  type: MeetingType;
  heldOn: string;
  format: MeetingFormat;
  lengthMinutes: number | null;
  topicCodes: string[];
  topics: string | null;
  nextOn: string | null;
  loggedByPersonId: number | null;
  createdAt: Date;
  editedAt: Date | null;
  editReason: MeetingEditReason | null;
  deletedAt: Date | null;
}

export interface ConfirmationRow {
  meetingId: number;
  participantId: number;
  happened: boolean;
  usefulness: number | null;
  comment: string | null;
  flagToCurator: boolean;
}

const meetingColumns = [
  "meeting.id as id",
  "meeting.pair_id as pairId",
  "meeting.type as type",
  sql<string>`to_char(meeting.held_on, 'YYYY-MM-DD')`.as("heldOn"),
  "meeting.format as format",
  "meeting.length_minutes as lengthMinutes",
  "meeting.topic_codes as topicCodes",
  "meeting.topics as topics",
  sql<string | null>`to_char(meeting.next_on, 'YYYY-MM-DD')`.as("nextOn"),
  "meeting.logged_by_person_id as loggedByPersonId",
  "meeting.created_at as createdAt",
  "meeting.edited_at as editedAt",
  "meeting.edit_reason as editReason",
  "meeting.deleted_at as deletedAt",
] as const;

/** The types the programme expects first, in this order; after them every meeting is regular until the final one. */
export const OPENING_TYPES: readonly MeetingType[] = ["first", "trial", "planning"];

/** The type a new meeting of a pair most likely is: the first opening one not logged yet, else regular. */
export function expectedType(logged: readonly MeetingType[]): MeetingType {
  return OPENING_TYPES.find((type) => !logged.includes(type)) ?? "regular";
}

/** Confirmed pairs in which the person is the mentor or a mentee, oldest programme first. */
export async function confirmedPairsOfPerson(
  db: Kysely<Database>,
  personId: number,
): Promise<PairInProgram[]> {
  const rows = await db
    .selectFrom("pair")
    .innerJoin("program", "program.id", "pair.program_id")
    .innerJoin("organisation", "organisation.id", "program.organisation_id")
    .innerJoin("participant as mentor", "mentor.id", "pair.mentor_participant_id")
    .select([
      "pair.id as pairId",
      "program.id as programId",
      "program.name as programName",
      "organisation.id as organisationId",
      "organisation.time_zone as timeZone",
    ])
    .where("pair.status", "=", "confirmed")
    .where((eb) =>
      eb.or([
        eb("mentor.person_id", "=", personId),
        eb.exists(
          eb
            .selectFrom("pair_mentee")
            .innerJoin("participant as mentee", "mentee.id", "pair_mentee.mentee_participant_id")
            .select("pair_mentee.pair_id")
            .whereRef("pair_mentee.pair_id", "=", "pair.id")
            .where("mentee.person_id", "=", personId),
        ),
      ]),
    )
    .orderBy("program.id")
    .orderBy("pair.id")
    .execute();
  return withViews(db, rows);
}

/** One confirmed pair with its programme; undefined when it is not (or no longer) confirmed. */
export async function confirmedPair(
  db: Kysely<Database>,
  pairId: number,
): Promise<PairInProgram | undefined> {
  const rows = await db
    .selectFrom("pair")
    .innerJoin("program", "program.id", "pair.program_id")
    .innerJoin("organisation", "organisation.id", "program.organisation_id")
    .select([
      "pair.id as pairId",
      "program.id as programId",
      "program.name as programName",
      "organisation.id as organisationId",
      "organisation.time_zone as timeZone",
    ])
    .where("pair.id", "=", pairId)
    .where("pair.status", "=", "confirmed")
    .execute();
  return (await withViews(db, rows))[0];
}

/** Every confirmed pair of a programme, mentors by name. */
export async function confirmedPairsOfProgram(
  db: Kysely<Database>,
  programId: number,
): Promise<PairInProgram[]> {
  const program = await db
    .selectFrom("program")
    .innerJoin("organisation", "organisation.id", "program.organisation_id")
    .select([
      "program.id as programId",
      "program.name as programName",
      "organisation.id as organisationId",
      "organisation.time_zone as timeZone",
    ])
    .where("program.id", "=", programId)
    .executeTakeFirst();
  if (!program) return [];
  return (await pairsOf(db, programId, "confirmed")).map((pair) => ({ ...pair, ...program }));
}

async function withViews(
  db: Kysely<Database>,
  rows: {
    pairId: number;
    programId: number;
    programName: string;
    organisationId: number;
    timeZone: string;
  }[],
): Promise<PairInProgram[]> {
  const views = new Map<number, PairView[]>();
  const result: PairInProgram[] = [];
  for (const row of rows) {
    if (!views.has(row.programId)) views.set(row.programId, await pairsOf(db, row.programId, "confirmed"));
    const view = views.get(row.programId)!.find((p) => p.pairId === row.pairId);
    if (view) result.push({ ...view, ...row });
  }
  return result;
}

/** The pair's meetings that count (not withdrawn), latest first. */
export function meetingsOfPair(db: Kysely<Database>, pairId: number, limit = 50): Promise<MeetingRow[]> {
  return db
    .selectFrom("meeting")
    .select(meetingColumns)
    .where("meeting.pair_id", "=", pairId)
    .where("meeting.deleted_at", "is", null)
    .orderBy("meeting.held_on", "desc")
    .orderBy("meeting.id", "desc")
    .limit(limit)
    .execute();
}

export function meetingById(db: Kysely<Database>, id: number): Promise<MeetingRow | undefined> {
  return db.selectFrom("meeting").select(meetingColumns).where("meeting.id", "=", id).executeTakeFirst();
}

export async function loggedTypes(db: Kysely<Database>, pairId: number): Promise<MeetingType[]> {
  const rows = await db
    .selectFrom("meeting")
    .select("type")
    .distinct()
    .where("pair_id", "=", pairId)
    .where("deleted_at", "is", null)
    .execute();
  return rows.map((r) => r.type);
}

export interface MeetingValues {
  type: MeetingType;
  heldOn: string;
  format: MeetingFormat;
  lengthMinutes: number | null;
  topicCodes: string[];
  topics: string | null;
  nextOn: string | null;
}

/** Logs a meeting with who of the pair's mentees came (everyone else is recorded absent). */
export async function insertMeeting(
  db: Kysely<Database>,
  input: MeetingValues & {
    pairId: number;
    loggedByPersonId: number;
    formSessionId: number;
    attended: readonly number[];
    menteeIds: readonly number[];
    now: Date;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("meeting")
    .values({
      pair_id: input.pairId,
      type: input.type,
      held_on: input.heldOn,
      format: input.format,
      length_minutes: input.lengthMinutes,
      topic_codes: input.topicCodes,
      topics: input.topics,
      next_on: input.nextOn,
      logged_by_person_id: input.loggedByPersonId,
      form_session_id: input.formSessionId,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAttendance(db, id, input.menteeIds, input.attended);
  return id;
}

async function writeAttendance(
  db: Kysely<Database>,
  meetingId: number,
  menteeIds: readonly number[],
  attended: readonly number[],
): Promise<void> {
  await db.deleteFrom("meeting_attendance").where("meeting_id", "=", meetingId).execute();
  if (menteeIds.length === 0) return;
  await db
    .insertInto("meeting_attendance")
    .values(
      menteeIds.map((participantId) => ({
        meeting_id: meetingId,
        participant_id: participantId,
        attended: attended.includes(participantId),
      })),
    )
    .execute();
}

/** A mentor's correction: the new values, who came, and why. False when the meeting is withdrawn. */
export async function updateMeeting(
  db: Kysely<Database>,
  input: MeetingValues & {
    meetingId: number;
    reason: MeetingEditReason;
    personId: number;
    attended: readonly number[];
    menteeIds: readonly number[];
    now: Date;
  },
): Promise<boolean> {
  const updated = await db
    .updateTable("meeting")
    .set({
      type: input.type,
      held_on: input.heldOn,
      format: input.format,
      length_minutes: input.lengthMinutes,
      topic_codes: input.topicCodes,
      topics: input.topics,
      next_on: input.nextOn,
      edited_at: input.now,
      edit_reason: input.reason,
      changed_by_person_id: input.personId,
    })
    .where("id", "=", input.meetingId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await writeAttendance(db, input.meetingId, input.menteeIds, input.attended);
  return true;
}

/** Withdraws a meeting, keeping the row and its reason; false when it was withdrawn already. */
export async function withdrawMeeting(
  db: Kysely<Database>,
  input: { meetingId: number; reason: MeetingDeleteReason; personId: number; now: Date },
): Promise<boolean> {
  const deleted = await db
    .updateTable("meeting")
    .set({ deleted_at: input.now, delete_reason: input.reason, changed_by_person_id: input.personId })
    .where("id", "=", input.meetingId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(deleted.numUpdatedRows) === 1;
}

/** Mentees recorded present at a meeting (the people asked to confirm it). */
export function attendeesOf(
  db: Kysely<Database>,
  meetingId: number,
): Promise<{ participantId: number; personId: number; name: string | null }[]> {
  return db
    .selectFrom("meeting_attendance")
    .innerJoin("participant", "participant.id", "meeting_attendance.participant_id")
    .innerJoin("person", "person.id", "participant.person_id")
    .select(["participant.id as participantId", "person.id as personId", "person.display_name as name"])
    .where("meeting_attendance.meeting_id", "=", meetingId)
    .where("meeting_attendance.attended", "=", true)
    .where("person.erased_at", "is", null)
    .orderBy("person.display_name")
    .orderBy("participant.id")
    .execute();
}

export function confirmationsOf(
  db: Kysely<Database>,
  meetingIds: readonly number[],
): Promise<ConfirmationRow[]> {
  if (meetingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("meeting_confirmation")
    .select([
      "meeting_id as meetingId",
      "participant_id as participantId",
      "happened",
      "usefulness",
      "comment",
      "flag_to_curator as flagToCurator",
    ])
    .where("meeting_id", "in", meetingIds)
    .execute();
}

/** What a mentee answered about a meeting; a second submission replaces the first. */
export async function recordConfirmation(
  db: Kysely<Database>,
  input: Omit<ConfirmationRow, "meetingId" | "participantId"> & {
    meetingId: number;
    participantId: number;
    now: Date;
  },
): Promise<void> {
  const values = {
    happened: input.happened,
    usefulness: input.usefulness,
    comment: input.comment,
    flag_to_curator: input.flagToCurator,
    confirmed_at: input.now,
  };
  await db
    .insertInto("meeting_confirmation")
    .values({ meeting_id: input.meetingId, participant_id: input.participantId, ...values })
    .onConflict((oc) => oc.columns(["meeting_id", "participant_id"]).doUpdateSet(values))
    .execute();
}

/** Person ids of the curators of an organisation. */
export async function curatorsOf(db: Kysely<Database>, organisationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("membership")
    .select("person_id")
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "curator")
    .orderBy("person_id")
    .execute();
  return rows.map((r) => r.person_id);
}

/** The subjects of the check-in and confirmation sessions, so a submitted form finds its rows. */
export const SUBJECTS = {
  /** A new meeting of a pair. */
  log: (pairId: number) => `pair:${pairId}`,
  /** A correction of a logged meeting, for a reason chosen first. */
  edit: (meetingId: number, reason: MeetingEditReason) => `meeting-edit:${meetingId}:${reason}`,
  /** A mentee's confirmation (the form's documented subject). */
  confirm: (meetingId: number) => `meeting:${meetingId}`,
};

export type MeetingSubject =
  | { kind: "log"; pairId: number }
  | { kind: "edit"; meetingId: number; reason: MeetingEditReason }
  | { kind: "confirm"; meetingId: number };

const EDIT_REASONS: readonly MeetingEditReason[] = ["date", "details", "people", "other"];

export function parseSubject(subjectKey: string): MeetingSubject | undefined {
  let match = /^pair:(\d{1,10})$/.exec(subjectKey);
  if (match) return { kind: "log", pairId: Number(match[1]) };
  match = /^meeting-edit:(\d{1,10}):([a-z_]+)$/.exec(subjectKey);
  if (match && (EDIT_REASONS as readonly string[]).includes(match[2]!)) {
    return { kind: "edit", meetingId: Number(match[1]), reason: match[2] as MeetingEditReason };
  }
  match = /^meeting:(\d{1,10})$/.exec(subjectKey);
  if (match) return { kind: "confirm", meetingId: Number(match[1]) };
  return undefined;
}

/**
 * Leaves a check-in of the pair the mentor began before `since` (the start of their today) and did
 * not send: its "today" and defaults are another day's, so /meeting starts afresh instead.
 */
export async function abandonStaleLog(
  db: Kysely<Database>,
  input: { personId: number; pairId: number; since: Date; now: Date },
): Promise<void> {
  await db
    .updateTable("form_session")
    .set({ status: "abandoned", updated_at: input.now })
    .where("person_id", "=", input.personId)
    .where("form_key", "=", "meeting_checkin")
    .where("status", "=", "in_progress")
    .where("subject_key", "=", SUBJECTS.log(input.pairId))
    .where("started_at", "<", input.since)
    .execute();
}

/** Leaves other unfinished corrections of the meeting, so only the one just chosen stays open. */
export async function abandonOtherEdits(
  db: Kysely<Database>,
  input: { personId: number; meetingId: number; keep: string; now: Date },
): Promise<void> {
  await db
    .updateTable("form_session")
    .set({ status: "abandoned", updated_at: input.now })
    .where("person_id", "=", input.personId)
    .where("form_key", "=", "meeting_checkin")
    .where("status", "=", "in_progress")
    .where("subject_key", "like", `meeting-edit:${input.meetingId}:%`)
    .where("subject_key", "<>", input.keep)
    .execute();
}
