import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/** Each run starts Node, tsx and PGlite from cold: give it room on a slow machine. */
const PROCESS_TIMEOUT = 120_000;

describe("the nastavnik entry point, as a real process", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "nastavnik-cli-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The real command on a PGlite folder: DATABASE_URL is removed so a server is never touched. */
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const { DATABASE_URL: _server, ...env } = process.env;
    try {
      const { stdout, stderr } = await run("npx", ["tsx", "src/cli/main.ts", ...args], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: {
          ...env,
          DATA_DIR: dataDir,
          LANG: "en_US.UTF-8",
          LC_ALL: "",
          TELEGRAM_BOT_USERNAME: "demo_nastavnik_bot",
        },
        timeout: PROCESS_TIMEOUT,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== "number") throw error;
      return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  }

  it(
    "migrates an empty folder, creates rows across runs, prints JSON and refuses bad arguments",
    async () => {
      const organisation = await cli([
        "add-organisation",
        "--json",
        "--name",
        "Gymnasium",
        "--kind",
        "school",
      ]);
      expect(organisation.code, organisation.stderr).toBe(0);
      const created = JSON.parse(organisation.stdout) as { organisation: { id: number; timeZone: string } };
      expect(created.organisation).toMatchObject({ id: 1, timeZone: "Europe/Moscow" });

      // A second process finds the first one's organisation in the same folder.
      const curator = await cli(["add-curator", "--organisation", "1", "--json"]);
      expect(curator.code, curator.stderr).toBe(0);
      const invite = (JSON.parse(curator.stdout) as { invite: { code: string; links: { telegram: string } } })
        .invite;
      expect(invite.links.telegram).toBe(`https://t.me/demo_nastavnik_bot?start=${invite.code}`);

      const refused = await cli([
        "create-program",
        "--organisation",
        "1",
        "--name",
        "P",
        "--form",
        "mentor_mentee",
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain("Error in --form:");
    },
    3 * PROCESS_TIMEOUT,
  );
});
