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
