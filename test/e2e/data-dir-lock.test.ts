import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/storage/data-dir-lock.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
// tsx itself, as `npm start` and `npm run cli` run it, without npm in between.
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
/** Upper bounds only: a process that never comes up or never exits fails instead of hanging. */
const WAIT_MS = 90_000;

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

/** Only PATH, HOME, the folder and English: no DATABASE_URL, so both use the embedded database. */
function run(args: string[], dataDir: string): Run {
  const child = spawn(process.execPath, [TSX_CLI, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      DATA_DIR: dataDir,
      PORT: "0",
      LANG: "en_US.UTF-8",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => ({ stdout, stderr }), exited };
}

async function finished(started: Run): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      started.child.kill("SIGKILL");
      reject(new Error(`no exit within ${WAIT_MS} ms:\n${JSON.stringify(started.output())}`));
    }, WAIT_MS);
  });
  try {
    const code = await Promise.race([started.exited, limit]);
    return { code, ...started.output() };
  } finally {
    clearTimeout(timer);
  }
}

async function waitForStarted(service: Run): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!service.output().stdout.includes('"msg":"service started"')) {
    if (service.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the service did not start:\n${JSON.stringify(service.output())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "nastavnik-lock-e2e-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("the service and the command line on one embedded database folder", { timeout: 400_000 }, () => {
  it("refuses the command and a second service while the service runs, and works once it has died", async () => {
    const service = run(["src/main.ts"], dataDir);
    try {
      await waitForStarted(service);

      const cli = await finished(run(["src/cli/main.ts", "add-municipality", "--name", "Lost"], dataDir));
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`DATA_DIR (${dataDir})`);
      expect(cli.stderr).toContain("stop the service");
      expect(cli.stderr).toContain("DATABASE_URL");
      expect(cli.stderr).not.toMatch(/^\s+at /m);
      expect(cli.stdout).toBe("");

      const second = await finished(run(["src/main.ts"], dataDir));
      expect(second.code).toBe(1);
      const fatal = second.stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: string; msg: string; err?: unknown })
        .find((line) => line.level === "fatal");
      expect(fatal?.msg).toContain(`DATA_DIR ${dataDir} is in use by another process`);
      expect(fatal?.err).toBeUndefined();
      // The running service never noticed.
      expect(service.child.exitCode).toBeNull();
    } finally {
      // A crash: the lock file stays behind, and must not keep the folder shut. The service itself
      // is tsx's child, and its pid is the one in the lock file.
      const lock = await readFile(path.join(dataDir, LOCK_FILE), "utf8").catch(() => undefined);
      if (lock) process.kill((JSON.parse(lock) as { pid: number }).pid, "SIGKILL");
      // Without a lock (the start failed early) tsx is stopped instead, and takes its child along.
      else service.child.kill("SIGTERM");
      await service.exited;
    }

    const after = await finished(run(["src/cli/main.ts", "add-municipality", "--name", "Kept"], dataDir));
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('Municipality created: id 1, "Kept"');
  });
});
