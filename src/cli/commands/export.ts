import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import {
  EXPORT_FORMATS,
  EXPORT_SUBJECTS,
  runExport,
  type ExportFormat,
  type ExportSubject,
} from "../../exports/organisation-export.js";
import { loadForms } from "../../forms/operator-forms.js";
import { defineCommand, failed, optional, required, translate } from "../command.js";
import { academicYear, id, oneOf, text, type OptionValue } from "../option-values.js";

/** What `export --json` prints. */
export interface ExportJson {
  organisation: { id: number; name: string };
  what: ExportSubject;
  format: ExportFormat;
  academicYear: string;
  /** Absolute paths of the files written: one workbook, or one CSV per sheet. */
  files: string[];
  sheets: { key: string; name: string; rows: number }[];
  rows: number;
}

function folder(): OptionValue<string> {
  return { ...text(4096), placeholder: "DIR" };
}

/** The operator as the system knows them, for the access log; unknown where the system will not say. */
function operatorName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME;
  }
}

/**
 * `export --organisation ID`: the admin's export of an organisation's data, the same files a curator
 * gets with /export, recorded in the access log with the operator's system user.
 */
export const exportCommand = defineCommand({
  name: "export",
  summary: "cli-command-export",
  options: {
    organisation: required(id(), "cli-help-export-organisation"),
    what: optional(oneOf(EXPORT_SUBJECTS), "cli-help-export-what"),
    format: optional(oneOf(EXPORT_FORMATS), "cli-help-export-format"),
    year: optional(academicYear(), "cli-help-export-year"),
    out: optional(folder(), "cli-help-export-out"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const what = values.what ?? "all";
    const format = values.format ?? "xlsx";
    const label = operatorName();
    const result = await runExport(deps.db, {
      viewer: { kind: "admin" },
      channel: "cli",
      ...(label !== undefined && { actorLabel: label }),
      organisationId: values.organisation,
      what,
      format,
      locale: deps.locale,
      translator: deps.translator,
      forms: await loadForms(deps.translator, deps.config.formsDir),
      ...(values.year !== undefined && { academicYear: values.year }),
      now: deps.now(),
    });
    if (result.kind !== "done") {
      return failed({
        option: "--organisation",
        key: "export-error-unknown-organisation",
        args: { id: String(values.organisation) },
      });
    }
    const built = result.export;
    const dir = path.resolve(values.out ?? ".");
    const written: string[] = [];
    try {
      await mkdir(dir, { recursive: true });
      for (const file of built.files) {
        const target = path.join(dir, file.fileName);
        await writeFile(target, file.content);
        written.push(target);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed({ option: "--out", key: "cli-error-out-path", args: { path: dir, reason } });
    }
    return {
      ok: true,
      json: {
        organisation: built.organisation,
        what,
        format,
        academicYear: built.academicYear,
        files: written,
        sheets: built.sheets.map((sheet) => ({ key: sheet.key, name: sheet.name, rows: sheet.rows.length })),
        rows: built.rowCount,
      } satisfies ExportJson,
      lines: [
        t("cli-export-written", {
          files: written.length,
          organisation: built.organisation.name,
          rows: built.rowCount,
        }),
        ...written.map((file) => `  ${t("cli-export-file", { path: file })}`),
      ],
    };
  },
});
