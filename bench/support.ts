import { readdir, readFile } from "node:fs/promises";
import { createTestDatabase, type TestDatabase } from "../test/support/database.js";

export function openBenchDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface MachineCpu {
  /** CPU seconds of every process named `postgres` on this machine (the server and its backends). */
  postgres: number;
  /** CPU seconds the machine spent busy (not idle, not waiting for I/O), and its core count. */
  busy: number;
  cores: number;
}

/**
 * Linux's /proc: CPU time of the PostgreSQL processes and of the whole machine, absolute, or since
 * `since`. A backend that exits during the drive takes its time with it (the pool keeps them open).
 * Undefined where /proc is not readable.
 */
export async function machineCpu(since?: MachineCpu): Promise<MachineCpu | undefined> {
  const TICKS = 100; // USER_HZ on Linux
  try {
    const stat = (await readFile("/proc/stat", "utf8")).split("\n");
    const fields = stat[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const busy = (fields.reduce((a, b) => a + b, 0) - idle) / TICKS;
    const cores = stat.filter((line) => /^cpu\d/.test(line)).length;
    let postgres = 0;
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const text = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
      if (!text.includes("(postgres)")) continue;
      const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
      postgres += (Number(rest[11]) + Number(rest[12])) / TICKS; // utime, stime
    }
    const now = { postgres, busy, cores };
    return since ? { postgres: postgres - since.postgres, busy: busy - since.busy, cores } : now;
  } catch {
    return undefined;
  }
}
