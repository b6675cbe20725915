/**
 * What the benches that drive the real service share: the driver process (bench/answers-driver.ts:
 * the fake messenger API and the simulated people) and a fresh database for the service.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { BenchChannel, DriveResult, DriverReport, DriverRequest } from "./answers-driver.js";

/**
 * Forks bench/answers-driver.ts with this process's loader flags (tsx) but not its profiling flags,
 * so `node --cpu-prof` profiles the service alone.
 */
export function startDriver(channel: BenchChannel = "telegram") {
  const path = fileURLToPath(new URL("./answers-driver.ts", import.meta.url));
  const execArgv = process.execArgv.filter((arg) => !/^--(cpu|heap)-prof/.test(arg));
  const child: ChildProcess = fork(path, ["--channel", channel], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) =>
      reject(new Error(`the answers driver exited (${signal ?? code}) before it reported`)),
    );
  });
  exited.catch(() => undefined);
  const next = <T extends DriverReport["type"]>(type: T) =>
    Promise.race([
      new Promise<Extract<DriverReport, { type: T }>>((resolve) => {
        const onMessage = (message: DriverReport) => {
          if (message.type !== type) return;
          child.off("message", onMessage);
          resolve(message as Extract<DriverReport, { type: T }>);
        };
        child.on("message", onMessage);
      }),
      exited,
    ]);
  const request = (message: DriverRequest) => child.send(message);
  return {
    ready: next("ready"),
    async drive(codes: string[], timeoutMs: number): Promise<DriveResult> {
      const done = next("done");
      request({ type: "drive", codes, timeoutMs });
      return (await done).result;
    },
    async close(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      if (child.connected) request({ type: "close" });
      const timer = setTimeout(() => child.kill(), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export interface BenchDatabase {
  kind: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh database on DATABASE_URL's server, or PGlite in a temporary folder (or --data-dir). */
export async function benchDatabase(dataDir?: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `nastavnik_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      kind: "postgres",
      env: { DATABASE_URL: url.toString() },
      drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
    };
  }
  if (dataDir) return { kind: `pglite (${dataDir})`, env: { DATA_DIR: dataDir }, drop: async () => {} };
  const folder = await mkdtemp(join(tmpdir(), "nastavnik-bench-pglite-"));
  return {
    kind: "pglite (on disk)",
    env: { DATA_DIR: folder },
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
