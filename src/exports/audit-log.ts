import type { Kysely } from "kysely";
import type { AuditAction, AuditActorRole, Channel, Database } from "../storage/tables.js";

export interface AuditEntry {
  /** Null for the command line's operator. */
  actorPersonId: number | null;
  actorRole: AuditActorRole;
  /** The command line's operator as the system knows them (the OS user); absent in a chat. */
  actorLabel?: string;
  channel: Channel | "cli";
  action: AuditAction;
  /** What was taken: an export subject, or "own_data". */
  subject: string;
  format?: "xlsx" | "csv" | "json";
  organisationId?: number | null;
  rowCount?: number;
  at: Date;
}

/**
 * Records who saw whose data. Called in the same transaction that read it (a chat turn), or right
 * after the file is written (the command line), so an export without its row cannot happen.
 */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: entry.at,
      actor_person_id: entry.actorPersonId,
      actor_role: entry.actorRole,
      actor_label: entry.actorLabel ?? null,
      channel: entry.channel,
      action: entry.action,
      subject: entry.subject,
      format: entry.format ?? null,
      organisation_id: entry.organisationId ?? null,
      row_count: entry.rowCount ?? null,
    })
    .execute();
}

export interface AuditRow {
  at: Date;
  actorPersonId: number | null;
  /** The person's name now; null for the operator and for an erased person. */
  actorName: string | null;
  actorRole: string;
  actorLabel: string | null;
  channel: string;
  action: string;
  subject: string;
  format: string | null;
  organisationId: number | null;
  organisationName: string | null;
  rowCount: number | null;
}

/** The log, newest first; one organisation's rows when asked. */
export async function listAudit(
  db: Kysely<Database>,
  options: { organisationId?: number; limit: number },
): Promise<AuditRow[]> {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("person as p", "p.id", "a.actor_person_id")
    .leftJoin("organisation as o", "o.id", "a.organisation_id")
    .select([
      "a.at",
      "a.actor_person_id",
      "p.display_name",
      "a.actor_role",
      "a.actor_label",
      "a.channel",
      "a.action",
      "a.subject",
      "a.format",
      "a.organisation_id",
      "o.name as organisation_name",
      "a.row_count",
    ]);
  if (options.organisationId !== undefined)
    query = query.where("a.organisation_id", "=", options.organisationId);
  const rows = await query.orderBy("a.at", "desc").orderBy("a.id", "desc").limit(options.limit).execute();
  return rows.map((row) => ({
    at: row.at,
    actorPersonId: row.actor_person_id,
    actorName: row.display_name,
    actorRole: row.actor_role,
    actorLabel: row.actor_label,
    channel: row.channel,
    action: row.action,
    subject: row.subject,
    format: row.format,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    rowCount: row.row_count,
  }));
}
