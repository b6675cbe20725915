import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/storage/database.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const WAIT_MS = 60_000;

let dataDir: string;
let translator: Translator;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "nastavnik-console-"));
  translator = await loadTranslator();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("npm run chat: the console channel as a real process", () => {
  it("walks a person from the demo invite into the questionnaire through stdin and stdout", async () => {
    // Only PATH, HOME and the data folder: never a server, never a messenger token.
    const child = spawn(process.execPath, [TSX_CLI, "src/main.ts", "--console"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? tmpdir(),
        DATA_DIR: dataDir,
        PORT: "0",
        LANG: "ru_RU.UTF-8",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = once(child, "exit");
    let mark = 0;

    const waitFor = async (pattern: RegExp | string): Promise<string> => {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const seen = stdout.slice(mark);
        const match = typeof pattern === "string" ? seen.includes(pattern) : pattern.test(seen);
        if (match) return seen;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no ${String(pattern)} on stdout:\n${seen}\nstderr:\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const type = (line: string) => {
      mark = stdout.length;
      child.stdin.write(`${line}\n`);
    };
    /** Types the letter printed before a button's label. */
    const press = async (label: string) => {
      const screen = await waitFor(label);
      const letter = new RegExp(
        `\\[([a-z]+)\\] (?:\\S+ )?${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
      ).exec(screen)?.[1];
      if (!letter) throw new Error(`no button ${label} in:\n${screen}`);
      type(letter);
    };
    const t = (key: string) => translator.t("ru", key);

    const banner = await waitFor(/\/start ([0-9A-Z]{12})\s+— как наставляемый/);
    const code = /\/start ([0-9A-Z]{12})\s+— как наставляемый/.exec(banner)![1]!;
    type(`/start ${code}`);
    await waitFor(t("journey-consent-agree"));
    await press(t("journey-consent-agree"));
    // The demo person is the school's curator: an adult, with a name already; the questionnaire starts.
    await waitFor(t("form-mentee-entry-pupil-grade"));
    type("15");
    await waitFor("⚠️");
    await press(t("form-mentee-entry-pupil-grade-10"));
    await waitFor(t("form-mentee-entry-pupil-needs"));
    child.stdin.end();
    const [exitCode] = (await exited) as [number | null];
    expect(exitCode).toBe(0);
    expect(stdout).toContain(t("console-goodbye"));
    // Logs stayed off stdout, where the conversation is.
    expect(stdout).not.toMatch(/"level":/);

    // What the conversation stored is in the embedded database the process left behind.
    const database = await createDatabase({ kind: "pglite", dataDir });
    try {
      const rows = await database.db
        .selectFrom("answer")
        .innerJoin("form_session", "form_session.id", "answer.form_session_id")
        .innerJoin("channel_account", "channel_account.person_id", "form_session.person_id")
        .select(["answer.question_key", "answer.value", "form_session.status"])
        .where("channel_account.channel", "=", "console")
        .where("channel_account.external_id", "=", "demo")
        .execute();
      expect(rows).toEqual([{ question_key: "grade", value: "10", status: "in_progress" }]);
      const consent = await database.db
        .selectFrom("consent")
        .innerJoin("channel_account", "channel_account.person_id", "consent.person_id")
        .select(["consent.kind", "consent.given_by"])
        .where("channel_account.external_id", "=", "demo")
        .execute();
      expect(consent).toEqual([{ kind: "personal_data", given_by: "self" }]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
