import { randomBytes } from "node:crypto";
import { link, readFile, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

/**
 * Embedded PGlite is one process's database: a second process opening the same folder writes into
 * its own copy of the pages, and one of the two loses (the CLI's row vanished when the service
 * stopped; another time the folder came out with a duplicate primary key). So whoever opens a
 * data folder takes it exclusively with this lock file, and a second opener is refused.
 */
export const LOCK_FILE = "nastavnik.lock";

/** While held, the lock file's mtime is refreshed this often... */
const HEARTBEAT_MS = 10_000;
/**
 * ...and a lock from another host (a container with another hostname on the same volume), whose
 * process we cannot ask about, counts as abandoned when not refreshed for this long.
 */
export const FOREIGN_STALE_MS = 60_000;

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid from the holder. */
  processStart?: number;
  token: string;
}

/** Refused: another process holds the folder. The message is for the operator's log. */
export class DataDirLockedError extends Error {
  readonly code = "data-dir-locked";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      `DATA_DIR ${path.resolve(dataDir)} is in use by another process` +
        (holder ? ` (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})` : "") +
        ": the embedded database allows one process per folder. Stop that process (the service, " +
        "npm run chat or another command) and try again, or set DATABASE_URL to a PostgreSQL server, " +
        "which any number of processes can share.",
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** Tokens of the locks this process holds: the same pid in a lock file is then us, not a past run. */
const heldHere = new Set<string>();

export interface AcquireOptions {
  /** For tests: the clock the foreign-host staleness is judged by. */
  now?: () => number;
}

/**
 * Takes `dataDir` for this process, or throws DataDirLockedError. A lock left by a process that
 * died (SIGKILL, power loss) is taken over: on this host when its pid is gone (or now belongs to a
 * different process), from another host once its heartbeat is older than FOREIGN_STALE_MS.
 */
export async function acquireDataDirLock(
  dataDir: string,
  options: AcquireOptions = {},
): Promise<DataDirLock> {
  const now = options.now ?? Date.now;
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date(now()).toISOString(),
    ...withProcessStart(await processStartOf(process.pid)),
    token: randomBytes(8).toString("hex"),
  };
  // Counted as ours from the first attempt: another opener in this process that reads our file
  // before this function returns must see a live holder, not a stale one with our pid.
  heldHere.add(me.token);
  try {
    // A few rounds: each lost race (someone else took over or released in between) starts again.
    for (let round = 0; round < 5; round++) {
      if (await createExclusive(file, me)) return hold(file, me);
      const found = await readHolder(file);
      if (found === "missing") continue;
      if (found !== "unreadable" && (await isAlive(found.holder, found.mtimeMs, now()))) {
        throw new DataDirLockedError(dataDir, found.holder);
      }
      await breakStale(file, found === "unreadable" ? undefined : found.holder, me);
    }
    throw new DataDirLockedError(dataDir, undefined);
  } catch (error) {
    heldHere.delete(me.token);
    throw error;
  }
}

function hold(file: string, me: LockHolder): DataDirLock {
  const heartbeat = setInterval(() => {
    const at = new Date();
    utimes(file, at, at).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldHere.delete(me.token);
      // Only our own file: never remove a lock someone took over from us.
      const found = await readHolder(file);
      if (typeof found === "object" && found.holder.token === me.token) await unlink(file).catch(() => {});
    },
  };
}

/**
 * Creates the lock file with its content in one step: written under a private name, then linked to
 * the lock's name, which fails if the name exists. So nobody ever reads a half-written lock.
 */
async function createExclusive(file: string, holder: LockHolder): Promise<boolean> {
  const draft = `${file}.${holder.token}.${randomBytes(4).toString("hex")}`;
  await writeFile(draft, JSON.stringify(holder), { flag: "wx" });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => {});
  }
}

type Found = { holder: LockHolder; mtimeMs: number } | "missing" | "unreadable";

async function readHolder(file: string): Promise<Found> {
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.token !== "string") return "unreadable";
    return {
      holder: {
        pid: parsed.pid,
        hostname: String(parsed.hostname),
        startedAt: String(parsed.startedAt),
        ...withProcessStart(parsed.processStart),
        token: parsed.token,
      },
      mtimeMs: info.mtimeMs,
    };
  } catch (error) {
    if (isCode(error, "ENOENT")) return "missing";
    if (error instanceof SyntaxError) return "unreadable";
    throw error;
  }
}

async function isAlive(holder: LockHolder, mtimeMs: number, now: number): Promise<boolean> {
  if (holder.hostname !== hostname()) return now - mtimeMs < FOREIGN_STALE_MS;
  if (holder.pid === process.pid) return heldHere.has(holder.token);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    if (isCode(error, "ESRCH")) return false;
  }
  // The pid is taken; after a crash and a reboot it may be some other program's.
  const start = await processStartOf(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

/**
 * Removes a stale lock. Several openers may find the same stale lock at once; only the one that
 * creates the breaker file (exclusively) removes it, so nobody removes a lock another just took.
 */
async function breakStale(file: string, stale: LockHolder | undefined, me: LockHolder): Promise<void> {
  const breaker = `${file}.takeover`;
  if (!(await createExclusive(breaker, me))) {
    const other = await readHolder(breaker);
    // The other breaker died mid-way (a crash within milliseconds): clear its file and go round again.
    if (typeof other === "object" && !(await isAlive(other.holder, other.mtimeMs, Date.now()))) {
      await unlink(breaker).catch(() => {});
    }
    return;
  }
  try {
    const current = await readHolder(file);
    const same =
      current === "unreadable"
        ? stale === undefined
        : typeof current === "object" && current.holder.token === stale?.token;
    if (same) await unlink(file).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. Linux only. */
async function processStartOf(pid: number): Promise<number | undefined> {
  try {
    const line = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = line.slice(line.lastIndexOf(")") + 2).split(" ");
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function withProcessStart(value: unknown): { processStart?: number } {
  return typeof value === "number" ? { processStart: value } : {};
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
