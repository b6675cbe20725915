import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildPairsExport,
  PAIRS_EXPORT_FORMATS,
  type PairsExportFormat,
} from "../../exports/pairs-export.js";
import { defineCommand, failed, optional, required, translate } from "../command.js";
import { id, oneOf, text, type OptionValue } from "../option-values.js";

/** What `export-pairs --json` prints. */
export interface ExportPairsJson {
  program: { id: number; name: string };
  organisation: { id: number; name: string };
  format: PairsExportFormat;
  /** Absolute path of the file written. */
  path: string;
  pairs: number;
  rows: number;
}

function filePath(): OptionValue<string> {
  return { ...text(4096), placeholder: "PATH" };
}

export const exportPairsCommand = defineCommand({
  name: "export-pairs",
  summary: "cli-command-export-pairs",
  options: {
    program: required(id(), "cli-help-export-pairs-program"),
    format: optional(oneOf(PAIRS_EXPORT_FORMATS), "cli-help-export-pairs-format"),
    out: optional(filePath(), "cli-help-export-pairs-out"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const format = values.format ?? "xlsx";
    const file = await buildPairsExport(deps.db, {
      programId: values.program,
      locale: deps.locale,
      translator: deps.translator,
      format,
      now: deps.now(),
    });
    if (!file) {
      return failed({
        option: "--program",
        key: "export-error-unknown-program",
        args: { id: String(values.program) },
      });
    }
    // --out may name a folder: the file then keeps the export's own name inside it.
    let target = path.resolve(values.out ?? file.fileName);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) target = path.join(target, file.fileName);
    try {
      await writeFile(target, file.content);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed({ option: "--out", key: "cli-error-out-path", args: { path: target, reason } });
    }
    const lines = [
      t("cli-export-pairs-written", { path: target, pairs: file.pairCount, rows: file.rows.length }),
    ];
    if (file.rows.length === 0) lines.push(t("cli-export-pairs-empty", { program: file.program.name }));
    return {
      ok: true,
      json: {
        program: file.program,
        organisation: file.organisation,
        format,
        path: target,
        pairs: file.pairCount,
        rows: file.rows.length,
      } satisfies ExportPairsJson,
      lines,
    };
  },
});
