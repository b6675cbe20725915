/**
 * What the benches that drive the real service share: the driver process (bench/answers-driver.ts:
 * the fake messenger API and the simulated people) and a fresh database for the service.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { createInviteService } from "../src/invites/invite.service.js";
import { createOrganisationService } from "../src/organisations/organisation.service.js";
import { createProgramService } from "../src/programs/program.service.js";
import type { Database } from "../src/storage/tables.js";
import { createServerDatabase } from "../test/support/database.js";
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
    const fresh = await createServerDatabase(serverUrl, "nastavnik_bench");
    return { kind: "postgres", env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
  }
  if (dataDir) return { kind: `pglite (${dataDir})`, env: { DATA_DIR: dataDir }, drop: async () => {} };
  const folder = await mkdtemp(join(tmpdir(), "nastavnik-bench-pglite-"));
  return {
    kind: "pglite (on disk)",
    env: { DATA_DIR: folder },
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

/** An organisation, an active teacher_pupil programme and one single-use mentee invite per person. */
export async function seedInvites(db: Kysely<Database>, count: number): Promise<string[]> {
  const now = new Date();
  const organisation = await createOrganisationService(db).addOrganisation({
    name: "Школа № 1 (bench)",
    kind: "school",
    timeZone: "Europe/Moscow",
  });
  if (!organisation.ok) throw new Error(`organisation: ${JSON.stringify(organisation)}`);
  const program = await createProgramService(db).createProgram(
    { organisationId: organisation.value.id, name: "Учитель — ученик (bench)", form: "teacher_pupil" },
    now,
  );
  if (!program.ok) throw new Error(`program: ${JSON.stringify(program)}`);
  const invites = createInviteService(db);
  const codes: string[] = [];
  for (let left = count; left > 0; left -= 5000) {
    const created = await invites.createParticipantInvites(
      {
        programId: program.value.program.id,
        side: "mentee",
        count: Math.min(5000, left),
        maxUses: 1,
        expiresInDays: 30,
      },
      now,
    );
    if (!created.ok) throw new Error(`invites: ${JSON.stringify(created)}`);
    codes.push(...created.value.invites.map((invite) => invite.code));
  }
  return codes;
}
