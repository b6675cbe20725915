import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The tsx CLI itself (what `npm start` and `npx tsx` run), without npm in between: npm would stand
// between the test and the service's signals and exit code.
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** Upper bounds only: a service that never comes up or never exits fails instead of hanging. */
const START_LIMIT_MS = 60_000;
const EXIT_LIMIT_MS = 20_000;

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `tsx src/main.ts` with only the variables given (plus PATH and HOME): nothing from the test
 * runner's environment, so a developer's real TELEGRAM_BOT_TOKEN can never start a bot here.
 */
function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [TSX_CLI, "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function logLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Resolves with the value `find` returns from the log once it appears, or fails if the process exits first. */
async function waitForLog<T>(
  started: Started,
  find: (lines: Record<string, unknown>[]) => T | undefined,
): Promise<T> {
  const deadline = Date.now() + START_LIMIT_MS;
  let exited = false;
  void started.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const found = find(logLines(started.stdout()));
    if (found !== undefined) return found;
    if (exited) throw new Error(`service exited early:\n${started.stdout()}\n${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for the log line:\n${started.stdout()}\n${started.stderr()}`);
}

async function get(port: number, pathname: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return { status: response.status, body: await response.json() };
}

async function waitForExit(
  started: Started,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      started.child.kill("SIGKILL");
      reject(new Error(`service did not exit within ${EXIT_LIMIT_MS} ms:\n${started.stdout()}`));
    }, EXIT_LIMIT_MS);
  });
  try {
    return await Promise.race([started.exited, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const listeningPort = (lines: Record<string, unknown>[]) =>
  lines.find((line) => line.msg === "HTTP server listening")?.port as number | undefined;

// Each test starts a real process that compiles on the fly and migrates a database: generous bounds,
// so a busy machine running the other suites in parallel does not fail them.
describe("npm start (tsx src/main.ts)", { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: TestDatabase | undefined;
  /** DATABASE_URL for the child: a fresh database on the server when the run has one, else unset (PGlite). */
  let databaseEnv: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "nastavnik-e2e-"));
    if (process.env.DATABASE_URL) {
      server = await createTestDatabase({ migrate: false });
      if (server.config.kind === "postgres") databaseEnv = { DATABASE_URL: server.config.url };
    }
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("comes up without a messenger token, answers health checks, says what to set, and stops on SIGTERM with 0", async () => {
    const started = startMain({ ...databaseEnv, DATA_DIR: dataDir, PORT: "0" });
    const port = await waitForLog(started, listeningPort);
    await waitForLog(started, (lines) => lines.find((line) => line.msg === "service started"));

    expect(await get(port, "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get(port, "/readyz")).toEqual({
      status: 200,
      body: { status: "ready", checks: { accepting: "ok", database: "ok" } },
    });

    const lines = logLines(started.stdout());
    const migrated = lines.find((line) => line.msg === "migrations applied");
    expect(migrated?.applied).toEqual(expect.arrayContaining(["2026-11-23T09-00_initial-schema"]));
    const hint = lines.find((line) => line.level === "warn" && String(line.msg).startsWith("No messenger"));
    expect(hint?.msg).toContain("TELEGRAM_BOT_TOKEN");
    expect(hint?.msg).toContain("VK_GROUP_TOKEN and VK_GROUP_ID");
    if (databaseEnv.DATABASE_URL) {
      // The connection URL (and so its password) is never logged, only host and database name.
      expect(started.stdout()).not.toContain(databaseEnv.DATABASE_URL);
    } else {
      expect(lines.find((line) => line.msg === "opening database")?.database).toEqual({
        kind: "pglite",
        dataDir,
      });
      expect((await readdir(dataDir)).length).toBeGreaterThan(0);
    }

    started.child.kill("SIGTERM");
    expect(await waitForExit(started)).toEqual({ code: 0, signal: null });
    const stopped = logLines(started.stdout()).slice(-2);
    expect(stopped.map((line) => line.msg)).toEqual(["shutting down", "stopped"]);
    expect(started.stderr()).toBe("");
  });

  it("restarts on the same data with nothing left to migrate, and stops on SIGINT with 0", async () => {
    const started = startMain({ ...databaseEnv, DATA_DIR: dataDir, PORT: "0" });
    const port = await waitForLog(started, listeningPort);
    expect((await get(port, "/readyz")).status).toBe(200);
    const lines = logLines(started.stdout());
    expect(lines.find((line) => line.msg === "schema is up to date")?.applied).toEqual([]);
    expect(lines.some((line) => line.msg === "migrations applied")).toBe(false);

    started.child.kill("SIGINT");
    expect(await waitForExit(started)).toEqual({ code: 0, signal: null });
  });

  it("exits 1 when the port is taken, after closing what it opened", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const started = startMain({ ...databaseEnv, DATA_DIR: dataDir, PORT: String(taken) });
      expect(await waitForExit(started)).toEqual({ code: 1, signal: null });
      const lines = logLines(started.stdout());
      const fatal = lines.find((line) => line.level === "fatal");
      expect(fatal?.msg).toBe("start-up failed");
      expect(JSON.stringify(fatal?.err)).toContain("EADDRINUSE");
      expect(lines.at(-1)?.msg).toBe("stopped");
    } finally {
      blocker.close();
    }
  });

  it("refuses an invalid environment: exit 1, every bad variable named on stderr, no stack trace", async () => {
    const started = startMain({
      DATA_DIR: dataDir,
      DEFAULT_TIMEZONE: "Mars/Olympus",
      PORT: "eighty",
      WEBHOOK_URL: "https://bot.example.org",
    });
    expect(await waitForExit(started)).toEqual({ code: 1, signal: null });
    const stderr = started.stderr();
    expect(stderr).toContain("Invalid configuration:");
    expect(stderr).toMatch(/^ {2}- DEFAULT_TIMEZONE must be an IANA time zone/m);
    expect(stderr).toMatch(/^ {2}- PORT must be a number/m);
    expect(stderr).toMatch(/^ {2}- WEBHOOK_SECRET is required when WEBHOOK_URL is set/m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(started.stdout()).toBe("");
  });
});
