import { FluentDateTime } from "@fluent/bundle";
import { listAudit } from "../../exports/audit-log.js";
import { defineCommand, optional, translate } from "../command.js";
import { id, integer } from "../option-values.js";

/** What `audit-log --json` prints: the newest rows first. */
export interface AuditLogJson {
  rows: {
    at: string;
    actor: { personId: number | null; name: string | null; role: string; label: string | null };
    channel: string;
    action: string;
    subject: string;
    format: string | null;
    organisation: { id: number; name: string } | null;
    rows: number | null;
  }[];
}

/** `audit-log`: who saw whose data, newest first, for the operator answering for it (152-FZ). */
export const auditLogCommand = defineCommand({
  name: "audit-log",
  summary: "cli-command-audit-log",
  options: {
    organisation: optional(id(), "cli-help-audit-log-organisation"),
    limit: optional(integer(1, 10_000), "cli-help-audit-log-limit"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const rows = await listAudit(deps.db, {
      ...(values.organisation !== undefined && { organisationId: values.organisation }),
      limit: values.limit ?? 50,
    });
    const timeZone = deps.config.defaultTimeZone;
    // An export's subject in words ("участники"); /mydata's is said by the action already.
    const subjectText = (subject: string) => {
      const key = `access-export-subject-${subject}`;
      return deps.translator.has(deps.locale, key) ? t(key) : "";
    };
    return {
      ok: true,
      json: {
        rows: rows.map((row) => ({
          at: row.at.toISOString(),
          actor: {
            personId: row.actorPersonId,
            name: row.actorName,
            role: row.actorRole,
            label: row.actorLabel,
          },
          channel: row.channel,
          action: row.action,
          subject: row.subject,
          format: row.format,
          organisation:
            row.organisationId === null ? null : { id: row.organisationId, name: row.organisationName ?? "" },
          rows: row.rowCount,
        })),
      } satisfies AuditLogJson,
      lines:
        rows.length === 0
          ? [t("cli-audit-log-empty")]
          : rows.map((row) => {
              const line = t("cli-audit-log-row", {
                at: new FluentDateTime(row.at.getTime(), {
                  timeZone,
                  dateStyle: "short",
                  timeStyle: "short",
                }),
                role: row.actorRole,
                who:
                  row.actorName ??
                  row.actorLabel ??
                  (row.actorPersonId === null ? "—" : `#${row.actorPersonId}`),
                channel: row.channel,
                action: row.action,
                subject: subjectText(row.subject),
                format: row.format ?? "—",
                organisation: row.organisationName ?? "—",
              });
              return row.rowCount === null
                ? line
                : `${line} ${t("cli-audit-log-rows", { rows: row.rowCount })}`;
            }),
    };
  },
});
