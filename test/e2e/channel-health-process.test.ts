import { spawn } from "node:child_process";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.js";
import { createFakeTelegramApi } from "../support/fake-telegram-api.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
/** Upper bound only: a service that never exits fails the test instead of hanging it. */
const EXIT_LIMIT_MS = 60_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** `tsx src/main.ts` with only the variables given, run until it exits on its own. */
async function runMain(env: Record<string, string>, whileRunning?: (stdout: () => string) => Promise<void>) {
  let database: Record<string, string> = { DATA_DIR: "memory://" };
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase({ migrate: false });
    cleanups.push(() => server.close());
    if (server.config.kind === "postgres") database = { DATABASE_URL: server.config.url };
  }
  const child = spawn(process.execPath, [TSX_CLI, "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), PORT: "0", ...database, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = once(child, "exit");
  const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_LIMIT_MS);
  try {
    await whileRunning?.(() => stdout);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    const lines = stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, signal, lines, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

describe("a messenger that refuses or stops, as a process", { timeout: 120_000 }, () => {
  it("a wrong TELEGRAM_BOT_TOKEN: one line names it, exit 1, no stack trace", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    const wrong = "123456789:WRONG-token-for-tests_abcdefghijklm";
    const run = await runMain({ TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot });

    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    const fatal = run.lines.filter((line) => line.level === "fatal");
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ channel: "telegram", variable: "TELEGRAM_BOT_TOKEN" });
    expect(String(fatal[0]!.msg)).toMatch(/^TELEGRAM_BOT_TOKEN was refused by telegram: .*401/);
    expect(run.stdout).not.toMatch(/"stack"|\n\s+at /);
    expect(run.stdout).not.toContain(wrong);
    expect(run.stderr).toBe("");
    expect(run.lines.at(-1)?.msg).toBe("stopped");
  });

  it("409 while polling: the process shuts down and exits 1 so a supervisor restarts it", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    const run = await runMain(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      async () => {
        await fake.waitForCall("getUpdates", undefined, { pending: true, timeoutMs: EXIT_LIMIT_MS });
        fake.failNext("getUpdates", {
          code: 409,
          description:
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        });
        fake.sendText(fake.user(), "/start");
      },
    );

    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    const fatal = run.lines.find((line) => line.level === "fatal");
    expect(fatal).toMatchObject({ channel: "telegram" });
    expect(String(fatal?.msg)).toContain("409");
    expect(run.lines.at(-1)?.msg).toMatch(/^stopped/);
    expect(run.stdout).not.toContain(fake.token);
  });
});
