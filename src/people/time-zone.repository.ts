import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../storage/tables.js";

/**
 * The one rule for the zone a person's "today" and times are computed in, used by every caller (the
 * journey, form sessions, the outbox): the person's own zone when they set one, else the zone of the
 * organisation running the programme in question, else that of the organisation of their most recent
 * active participation (else most recent one still waiting for consent: a notice about consent is
 * rendered in the zone of the school that invited them), else the service's DEFAULT_TIMEZONE.
 *
 * @example
 *   await timeZoneOf(db, { personId: 7, programId: 3 }, "Europe/Moscow"); // "Asia/Vladivostok"
 */
export async function timeZoneOf(
  db: Kysely<Database>,
  target: { personId: number; programId?: number | null },
  defaultTimeZone: string,
): Promise<string> {
  const { rows } = await sql<{ time_zone: string | null }>`
    select ${timeZoneExpression(target.personId, target.programId ?? null)} as time_zone
  `.execute(db);
  return rows[0]?.time_zone ?? defaultTimeZone;
}

/**
 * The same rule as an SQL expression (null where the service's default applies), for a statement
 * that reads the zone along with something else: `personId` and `programId` are values or column
 * references (`sql.ref("form_session.person_id")`).
 */
export function timeZoneExpression(
  personId: number | RawBuilder<unknown>,
  programId: number | null | RawBuilder<unknown>,
): RawBuilder<string | null> {
  return sql<string | null>`coalesce(
      (select time_zone from person where id = ${personId}),
      (select o.time_zone from program p join organisation o on o.id = p.organisation_id
        where p.id = ${programId}::int),
      (select o.time_zone from participant pa
        join program p on p.id = pa.program_id
        join organisation o on o.id = p.organisation_id
        where pa.person_id = ${personId} and pa.status <> 'left'
        order by (pa.status = 'active') desc, pa.id desc limit 1)
    )`;
}
