import { sql, type Kysely } from "kysely";
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
    select coalesce(
      (select time_zone from person where id = ${target.personId}),
      (select o.time_zone from program p join organisation o on o.id = p.organisation_id
        where p.id = ${target.programId ?? null}::int),
      (select o.time_zone from participant pa
        join program p on p.id = pa.program_id
        join organisation o on o.id = p.organisation_id
        where pa.person_id = ${target.personId} and pa.status <> 'left'
        order by (pa.status = 'active') desc, pa.id desc limit 1)
    ) as time_zone
  `.execute(db);
  return rows[0]?.time_zone ?? defaultTimeZone;
}
