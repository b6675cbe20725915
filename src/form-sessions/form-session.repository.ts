import { sql, type Kysely } from "kysely";
import { inTransaction } from "../storage/transaction.js";
import { timeZoneExpression, timeZoneOf } from "../people/time-zone.repository.js";
import type { AnswerValue, FormState } from "../core/forms/types.js";
import type { Database, FormSessionStatus, Side } from "../storage/tables.js";

/** One form session as the service sees it; `state` is still raw JSON (the service parses it). */
export interface FormSessionRecord {
  id: number;
  personId: number;
  programId: number | null;
  formKey: string;
  formVersion: number;
  subjectKey: string;
  status: FormSessionStatus;
  step: string | null;
  state: unknown;
  revision: number;
  startedAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface SessionKey {
  personId: number;
  formKey: string;
  programId: number | null;
  /** '' when a person fills the form once per programme. */
  subjectKey: string;
}

export interface UnfinishedRow {
  personId: number;
  /** Their open session of the form, if they started it (the most recently touched one). */
  openSessionId: number | null;
  step: string | null;
}

export interface FormSessionRepository {
  findById(id: number): Promise<FormSessionRecord | undefined>;
  /** `findById` and `timeZoneOf` of its person and programme in one statement. */
  findByIdWithTimeZone(
    id: number,
    defaultTimeZone: string,
  ): Promise<(FormSessionRecord & { timeZone: string }) | undefined>;
  findOpen(key: SessionKey): Promise<FormSessionRecord | undefined>;
  /** The person's most recently touched open session: where typed text goes. */
  findLatestOpen(personId: number): Promise<FormSessionRecord | undefined>;
  listOpen(personId: number): Promise<FormSessionRecord[]>;
  /**
   * Creates the open session, or returns undefined when one already exists for this person, form,
   * programme and subject (the partial unique index decides, so two instances cannot both create one).
   */
  insertOpen(
    key: SessionKey & { formVersion: number; state: FormState; step: string; now: Date },
  ): Promise<FormSessionRecord | undefined>;
  /**
   * Writes the new state if nobody wrote since `revision` was read; returns false when someone did
   * (the caller re-reads and re-applies). Bumps the revision.
   */
  saveState(change: {
    id: number;
    revision: number;
    state: FormState;
    step: string;
    status: FormSessionStatus;
    now: Date;
  }): Promise<boolean>;
  /**
   * `saveState` and, when it wrote, `upsertAnswer` of one answer of that session, in one statement
   * (a data-modifying CTE: the answer is written only if the state was).
   */
  saveStateWithAnswer(
    change: Parameters<FormSessionRepository["saveState"]>[0],
    answer: { questionKey: string; formVersion: number; value: AnswerValue },
  ): Promise<boolean>;
  upsertAnswer(answer: {
    sessionId: number;
    questionKey: string;
    formVersion: number;
    value: AnswerValue;
    now: Date;
  }): Promise<void>;
  deleteAnswer(sessionId: number, questionKey: string): Promise<void>;
  answers(sessionId: number): Promise<{ questionKey: string; formVersion: number; value: unknown }[]>;
  hasSubmitted(
    key: SessionKey | (Omit<SessionKey, "subjectKey"> & { subjectKey?: undefined }),
  ): Promise<boolean>;
  /**
   * Active participants of a programme (on the given sides) who have not submitted the form: one
   * query, with each person's open session of it if they started one.
   */
  listUnfinished(query: {
    programId: number;
    formKey: string;
    sides: Side[];
    subjectKey?: string;
  }): Promise<UnfinishedRow[]>;
  /** The zone of the person in this programme, by the one rule of `people/time-zone.repository.ts`. */
  timeZoneOf(personId: number, programId: number | null, defaultTimeZone: string): Promise<string>;
  /**
   * Runs `work` in one transaction with a repository bound to it. Inside, use only that repository
   * and the transaction handle: PGlite is one connection, and a query on the outer handle would wait
   * for this very transaction to end.
   */
  inTransaction<T>(
    work: (repository: FormSessionRepository, trx: Kysely<Database>) => Promise<T>,
  ): Promise<T>;
}

type SessionRow = {
  id: number;
  person_id: number;
  program_id: number | null;
  form_key: string;
  form_version: number;
  subject_key: string;
  status: FormSessionStatus;
  step: string | null;
  state: unknown;
  revision: number;
  started_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
};

function toRecord(row: SessionRow): FormSessionRecord {
  return {
    id: row.id,
    personId: row.person_id,
    programId: row.program_id,
    formKey: row.form_key,
    formVersion: row.form_version,
    subjectKey: row.subject_key,
    status: row.status,
    step: row.step,
    state: row.state,
    revision: row.revision,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
  };
}

const sessionColumns = [
  "id",
  "person_id",
  "program_id",
  "form_key",
  "form_version",
  "subject_key",
  "status",
  "step",
  "state",
  "revision",
  "started_at",
  "updated_at",
  "submitted_at",
] as const;

export function createFormSessionRepository(db: Kysely<Database>): FormSessionRepository {
  const sessions = () => db.selectFrom("form_session").select(sessionColumns);

  return {
    async findById(id) {
      const row = await sessions().where("id", "=", id).executeTakeFirst();
      return row && toRecord(row);
    },

    async findByIdWithTimeZone(id, defaultTimeZone) {
      const row = await sessions()
        .select(
          timeZoneExpression(sql.ref("form_session.person_id"), sql.ref("form_session.program_id")).as(
            "time_zone",
          ),
        )
        .where("id", "=", id)
        .executeTakeFirst();
      return row && { ...toRecord(row), timeZone: row.time_zone ?? defaultTimeZone };
    },

    async findOpen(key) {
      const row = await sessions()
        .where("person_id", "=", key.personId)
        .where("form_key", "=", key.formKey)
        .where("subject_key", "=", key.subjectKey)
        .where("status", "=", "in_progress")
        .where((eb) =>
          key.programId === null ? eb("program_id", "is", null) : eb("program_id", "=", key.programId),
        )
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async findLatestOpen(personId) {
      const row = await sessions()
        .where("person_id", "=", personId)
        .where("status", "=", "in_progress")
        .orderBy("updated_at", "desc")
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async listOpen(personId) {
      const rows = await sessions()
        .where("person_id", "=", personId)
        .where("status", "=", "in_progress")
        .orderBy("updated_at", "desc")
        .orderBy("id", "desc")
        .execute();
      return rows.map(toRecord);
    },

    async insertOpen(session) {
      // No conflict target: the only unique index that can fire is the partial "one open session" one,
      // and naming a partial index's expression in ON CONFLICT is brittle.
      const row = await db
        .insertInto("form_session")
        .values({
          person_id: session.personId,
          program_id: session.programId,
          form_key: session.formKey,
          form_version: session.formVersion,
          subject_key: session.subjectKey,
          status: "in_progress",
          step: session.step,
          state: JSON.stringify(session.state),
          revision: 0,
          started_at: session.now,
          updated_at: session.now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(sessionColumns)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async saveState(change) {
      const result = await db
        .updateTable("form_session")
        .set({
          state: JSON.stringify(change.state),
          step: change.step,
          status: change.status,
          revision: change.revision + 1,
          updated_at: change.now,
          submitted_at: change.status === "submitted" ? change.now : null,
        })
        .where("id", "=", change.id)
        .where("revision", "=", change.revision)
        .where("status", "=", "in_progress")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async saveStateWithAnswer(change, answer) {
      const submittedAt = change.status === "submitted" ? change.now : null;
      const { rows } = await sql<{ id: number }>`
        with saved as (
          update form_session
          set state = ${JSON.stringify(change.state)}::jsonb, step = ${change.step},
            status = ${change.status}, revision = ${change.revision + 1},
            updated_at = ${change.now}::timestamptz, submitted_at = ${submittedAt}::timestamptz
          where id = ${change.id} and revision = ${change.revision} and status = 'in_progress'
          returning id
        ), answered as (
          insert into answer (form_session_id, question_key, form_version, value, answered_at)
          select saved.id, ${answer.questionKey}::text, ${answer.formVersion}::int,
            ${JSON.stringify(answer.value)}::jsonb, ${change.now}::timestamptz
          from saved
          on conflict (form_session_id, question_key) do update
          set value = excluded.value, form_version = excluded.form_version,
            answered_at = excluded.answered_at
        )
        select id from saved
      `.execute(db);
      return rows.length === 1;
    },

    async upsertAnswer(answer) {
      const value = JSON.stringify(answer.value);
      await db
        .insertInto("answer")
        .values({
          form_session_id: answer.sessionId,
          question_key: answer.questionKey,
          form_version: answer.formVersion,
          value,
          answered_at: answer.now,
        })
        .onConflict((oc) =>
          oc.columns(["form_session_id", "question_key"]).doUpdateSet({
            value,
            form_version: answer.formVersion,
            answered_at: answer.now,
          }),
        )
        .execute();
    },

    async deleteAnswer(sessionId, questionKey) {
      await db
        .deleteFrom("answer")
        .where("form_session_id", "=", sessionId)
        .where("question_key", "=", questionKey)
        .execute();
    },

    async answers(sessionId) {
      const rows = await db
        .selectFrom("answer")
        .select(["question_key", "form_version", "value"])
        .where("form_session_id", "=", sessionId)
        .orderBy("id")
        .execute();
      return rows.map((r) => ({ questionKey: r.question_key, formVersion: r.form_version, value: r.value }));
    },

    async hasSubmitted(key) {
      const row = await db
        .selectFrom("form_session")
        .select("id")
        .where("person_id", "=", key.personId)
        .where("form_key", "=", key.formKey)
        .where("status", "=", "submitted")
        .where((eb) =>
          key.programId === null ? eb("program_id", "is", null) : eb("program_id", "=", key.programId),
        )
        .$if(key.subjectKey !== undefined, (qb) => qb.where("subject_key", "=", key.subjectKey!))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listUnfinished({ programId, formKey, sides, subjectKey }) {
      if (sides.length === 0) return [];
      const { rows } = await sql<{ person_id: number; open_session_id: number | null; step: string | null }>`
        select distinct p.person_id, open.id as open_session_id, open.step
        from participant p
        join person on person.id = p.person_id and person.erased_at is null
        left join lateral (
          select s.id, s.step
          from form_session s
          where s.person_id = p.person_id and s.program_id = ${programId} and s.form_key = ${formKey}
            and s.status = 'in_progress'
            ${subjectKey === undefined ? sql`` : sql`and s.subject_key = ${subjectKey}`}
          order by s.updated_at desc, s.id desc
          limit 1
        ) open on true
        where p.program_id = ${programId}
          and p.status = 'active'
          and p.side in (${sql.join(sides)})
          and not exists (
            select 1 from form_session done
            where done.person_id = p.person_id and done.program_id = ${programId}
              and done.form_key = ${formKey} and done.status = 'submitted'
              ${subjectKey === undefined ? sql`` : sql`and done.subject_key = ${subjectKey}`}
          )
        order by p.person_id
      `.execute(db);
      return rows.map((r) => ({ personId: r.person_id, openSessionId: r.open_session_id, step: r.step }));
    },

    async timeZoneOf(personId, programId, defaultTimeZone) {
      return timeZoneOf(db, { personId, programId }, defaultTimeZone);
    },

    async inTransaction(work) {
      return inTransaction(db, (trx) => work(createFormSessionRepository(trx), trx));
    },
  };
}
