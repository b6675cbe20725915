import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acquireDataDirLock,
  DataDirLockedError,
  FOREIGN_STALE_MS,
  LOCK_FILE,
  type LockHolder,
} from "../../src/storage/data-dir-lock.js";
import { createDatabase } from "../../src/storage/database.js";

// These are about the embedded database's folder, so they use PGlite on disk whatever DATABASE_URL says.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "nastavnik-lock-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let folders = 0;
const newFolder = () => path.join(root, `data-${++folders}`);

/** The pid of a process that has already exited: a crashed service's pid. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", ""]);
  return result.pid;
}

async function writeLock(dataDir: string, holder: Partial<LockHolder>): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    path.join(dataDir, LOCK_FILE),
    JSON.stringify({
      pid: 1,
      hostname: hostname(),
      startedAt: "2026-01-01T00:00:00.000Z",
      token: "left-by-a-crash",
      ...holder,
    }),
  );
}

async function lockContent(dataDir: string): Promise<LockHolder> {
  return JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), "utf8")) as LockHolder;
}

// Opening PGlite on disk (initdb) takes seconds, many on a busy machine: a generous upper bound.
describe("one process per embedded database folder", { timeout: 180_000 }, () => {
  it("refuses a second handle on the same folder, naming DATA_DIR and what to do, until the first closes", async () => {
    const dataDir = newFolder();
    const first = await createDatabase({ kind: "pglite", dataDir });
    try {
      await sql`create table kept (value text)`.execute(first.db);
      await sql`insert into kept values ('written by the first')`.execute(first.db);
      const refused = await createDatabase({ kind: "pglite", dataDir }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DataDirLockedError);
      const message = (refused as Error).message;
      expect(message).toContain(`DATA_DIR ${path.resolve(dataDir)}`);
      expect(message).toContain(`pid ${process.pid} on ${hostname()}`);
      expect(message).toContain("Stop that process");
      expect(message).toContain("DATABASE_URL");
      // The first handle is untouched by the refusal.
      expect(await first.ping()).toBe(true);
    } finally {
      await first.close();
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // A handle closed without ever running a query releases the folder too (Kysely alone would not
    // close a PGlite it never used).
    await (await createDatabase({ kind: "pglite", dataDir })).close();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const third = await createDatabase({ kind: "pglite", dataDir });
    try {
      const { rows } = await sql<{ value: string }>`select value from kept`.execute(third.db);
      expect(rows).toEqual([{ value: "written by the first" }]);
    } finally {
      await third.close();
    }
  });

  it("takes over a lock left by a process that died (SIGKILL leaves its file behind)", async () => {
    const dataDir = newFolder();
    await writeLock(dataDir, { pid: deadPid() });
    const lock = await acquireDataDirLock(dataDir);
    expect((await lockContent(dataDir)).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("takes over a lock whose pid is alive but now belongs to another program", async () => {
    const dataDir = newFolder();
    // Our own parent is alive; the recorded start time says the holder was a different process.
    await writeLock(dataDir, { pid: process.ppid, processStart: 1 });
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
  });

  it("takes over a lock with this process's pid that this process does not hold (a container restarted as pid 1)", async () => {
    const dataDir = newFolder();
    await writeLock(dataDir, { pid: process.pid });
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
  });

  it("takes over an unreadable lock file", async () => {
    const dataDir = newFolder();
    await writeLock(dataDir, {});
    await writeFile(path.join(dataDir, LOCK_FILE), "not json");
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
  });

  it("respects a live process's lock on this host", async () => {
    const dataDir = newFolder();
    await writeLock(dataDir, { pid: process.ppid });
    await expect(acquireDataDirLock(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it("respects another host's lock while it is refreshed, and takes it over once it is not", async () => {
    const dataDir = newFolder();
    await writeLock(dataDir, { hostname: "another-container" });
    await expect(acquireDataDirLock(dataDir)).rejects.toThrow("on another-container");
    const abandoned = new Date(Date.now() - FOREIGN_STALE_MS - 1_000);
    await utimes(path.join(dataDir, LOCK_FILE), abandoned, abandoned);
    const lock = await acquireDataDirLock(dataDir);
    expect((await lockContent(dataDir)).hostname).toBe(hostname());
    await lock.release();
  });

  it("gives the folder to exactly one of many openers at once, fresh or stale, and leaves no stray files", async () => {
    for (const stale of [false, true]) {
      const dataDir = newFolder();
      if (stale) await writeLock(dataDir, { pid: deadPid() });
      else await writeLock(dataDir, {}).then(() => rm(path.join(dataDir, LOCK_FILE)));
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDataDirLock(dataDir)));
      const won = results.filter((result) => result.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DataDirLockedError);
      }
      expect(await readdir(dataDir)).toEqual([LOCK_FILE]);
      await won[0]!.value.release();
      expect(await readdir(dataDir)).toEqual([]);
    }
  });

  it("needs no lock for an in-memory database", async () => {
    const first = await createDatabase({ kind: "pglite", dataDir: "memory://" });
    const second = await createDatabase({ kind: "pglite", dataDir: "memory://" });
    await Promise.all([first.close(), second.close()]);
  });
});
