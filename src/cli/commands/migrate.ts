import { migrateToLatest } from "../../storage/migrator.js";
import { defineCommand, translate } from "../command.js";

/** What `migrate --json` prints. */
export interface MigrateJson {
  applied: string[];
}

export const migrateCommand = defineCommand({
  name: "migrate",
  summary: "cli-command-migrate",
  options: {},
  migratesItself: true,
  async run(deps) {
    const t = translate(deps);
    const { applied } = await migrateToLatest(deps.db);
    return {
      ok: true,
      json: { applied } satisfies MigrateJson,
      lines:
        applied.length === 0
          ? [t("cli-migrate-up-to-date")]
          : [
              t("cli-migrate-applied-count", { count: applied.length }),
              ...applied.map((name) => `  ${name}`),
            ],
    };
  },
});
