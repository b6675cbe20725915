/**
 * `npx tsx bench/service-memory.ts [--runner tsx|dist] [--users N] [--settle S] [--modules 1] [--channels telegram,vk,max]`
 *
 * The service's memory in its own process, started the way `npm start` (`--runner tsx`, default)
 * or the image and `npm run start:prod` (`--runner dist`, after `npm run build`) start it: the real
 * src/main.ts, Telegram long-polling the `answers` bench's driver (bench/answers-driver.ts: the lean
 * fake Bot API and the simulated people, in a child process of this one). PostgreSQL when
 * DATABASE_URL is set (a fresh database, dropped afterwards), else PGlite in a temporary DATA_DIR
 * (at rest only: the embedded database admits one process, so seeding from here needs PostgreSQL).
 *
 * - At rest (`--users 0`, default): once "service started" is logged and `--settle` seconds (default
 *   5) have passed.
 * - Under load (`--users N`): N single-use invites are seeded from this process, the driver walks the
 *   N people through onboarding and the entry questionnaire as in `npm run bench -- answers`, and the
 *   figures are read `--settle` seconds after the drive.
 *
 * bench/memory-probe.mjs, preloaded into the service, reports process.memoryUsage(), VmRSS, VmHWM
 * (the peak), RssAnon and RssFile from /proc and V8's heap spaces, before and after a full GC
 * (--expose-gc is passed for that); `--modules 1` counts the modules loaded, by package.
 * The service gets the node flags `npm start` gives it (SERVICE_NODE_FLAGS in scripts/node-launcher.mjs);
 * SERVICE_NODE_FLAGS="--flag ..." in the environment replaces them (e.g. other V8 heap sizes), and
 * `--channels` adds fake VK / MAX tokens (their APIs are unreachable: the channel is only built).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { SERVICE_NODE_FLAGS } from "../scripts/node-launcher.mjs";
import { fileURLToPath } from "node:url";
import { createConfig } from "../src/config.js";
import { createDatabase } from "../src/storage/database.js";
import type { DriveResult } from "./answers-driver.js";
import { benchDatabase, seedInvites, startDriver } from "./driver-process.js";
import { round } from "./support.js";

interface Snapshot {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  vmRssKb?: number;
  vmHwmKb?: number;
  rssAnonKb?: number;
  rssFileKb?: number;
  heapSpaces: { name: string; size: number; used: number }[];
  heapCode: { code_and_metadata_size: number; bytecode_and_metadata_size: number };
  smaps: { brkKb: number; anonKb: number; largest: string[] };
  cpu: NodeJS.CpuUsage;
  gc: { count: number; ms: number };
}
interface ProbeReport {
  type: "memory";
  before: Snapshot;
  afterGc?: Snapshot;
  modules?: string[];
}

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const runner = option("runner", "tsx");
const users = Number(option("users", "0"));
const settleMs = Number(option("settle", "5")) * 1000;
const listModules = option("modules", "0") === "1";
const channels = option("channels", "telegram").split(",");
// The flags `npm start` and the image give the service (scripts/node-launcher.mjs), unless the
// environment names others to try.
const serviceFlags =
  process.env.SERVICE_NODE_FLAGS !== undefined
    ? process.env.SERVICE_NODE_FLAGS.split(" ").filter(Boolean)
    : SERVICE_NODE_FLAGS;

const mb = (bytes: number) => round(bytes / 1048576);
const kbMb = (kb: number | undefined) => (kb === undefined ? "?" : round(kb / 1024));

const driver = startDriver();
let service: ChildProcess | undefined;
try {
  const { apiRoot, token } = await driver.ready;
  const database = await benchDatabase();
  if (users > 0 && database.kind !== "postgres") throw new Error("--users needs DATABASE_URL (PostgreSQL)");
  try {
    const entry = runner === "dist" ? ["dist/src/main.js"] : ["--import", "tsx", "src/main.ts"];
    service = spawn(
      process.execPath,
      ["--expose-gc", "--import", "./bench/memory-probe.mjs", ...serviceFlags, ...entry],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit", "ipc"],
        env: {
          ...process.env,
          ...database.env,
          TELEGRAM_BOT_TOKEN: token,
          TELEGRAM_API_ROOT: apiRoot,
          ...(channels.includes("vk") && {
            VK_GROUP_TOKEN: "vk1.a.bench-not-a-real-token",
            VK_GROUP_ID: "1",
          }),
          ...(channels.includes("max") && { MAX_BOT_TOKEN: "bench-not-a-real-token" }),
          PORT: "0",
          LOG_LEVEL: "info",
          ...(listModules && { MEMORY_PROBE_MODULES: "1" }),
        },
      },
    );
    const startedAt = performance.now();
    await started(service);
    const startMs = performance.now() - startedAt;
    const atStart = await probe(service, false);

    let drove: DriveResult | undefined;
    if (users > 0) {
      const codes = await seedInvitesIn(database.env, users);
      drove = await driver.drive(codes, 900_000);
    }
    await new Promise((r) => setTimeout(r, settleMs));
    const report = await probe(service, true);

    const line = (label: string, s: Snapshot) =>
      `${label}: rss ${mb(s.rss)} MB (anon ${kbMb(s.rssAnonKb)}, file ${kbMb(s.rssFileKb)}; peak ${kbMb(s.vmHwmKb)}), ` +
      `heap ${mb(s.heapUsed)} used / ${mb(s.heapTotal)} total, external ${mb(s.external)} (array buffers ${mb(s.arrayBuffers)}), ` +
      `code ${mb(s.heapCode.code_and_metadata_size)} + bytecode ${mb(s.heapCode.bytecode_and_metadata_size)}`;
    const spaces = (s: Snapshot) =>
      s.heapSpaces
        .filter((space) => space.size > 0)
        .map((space) => `${space.name.replace(/_space$/, "")} ${mb(space.used)}/${mb(space.size)}`)
        .join(", ");
    const smaps = (s: Snapshot) =>
      `resident anonymous memory: brk heap (malloc) ${kbMb(s.smaps.brkKb)} MB, other anonymous mappings ${kbMb(s.smaps.anonKb)} MB ` +
      `(largest, resident/size kB: ${s.smaps.largest.join(" ")})`;
    const lines = [
      `runner ${runner}${serviceFlags.length ? ` (${serviceFlags.join(" ")})` : ""}, ${database.kind}, channels ${channels.join("+")}; ` +
        `started in ${Math.round(startMs)} ms`,
      line("just started", atStart.before),
      ...(drove
        ? [
            `GC during the drive and the settling: ${report.before.gc.count - atStart.before.gc.count} collections, ` +
              `${Math.round(report.before.gc.ms - atStart.before.gc.ms)} ms`,
            `drove ${users} people: ${drove.submitted} submitted, ${drove.stuck} stuck; ${drove.inputs} inputs in ${round(drove.seconds)} s; ` +
              `measured ${settleMs / 1000} s after; service CPU during the drive and the settling ` +
              `${round((report.before.cpu.user + report.before.cpu.system - atStart.before.cpu.user - atStart.before.cpu.system) / 1e6, 2)} s ` +
              `(${round((report.before.cpu.user + report.before.cpu.system - atStart.before.cpu.user - atStart.before.cpu.system) / 1000 / Math.max(1, drove.inputs), 2)} ms per input)`,
          ]
        : [`measured ${settleMs / 1000} s after start`]),
      line(drove ? "after the drive" : "at rest", report.before),
      `heap spaces: ${spaces(report.before)}`,
      smaps(report.before),
      ...(report.afterGc
        ? [line("after a full GC", report.afterGc), `heap spaces: ${spaces(report.afterGc)}`]
        : []),
    ];
    if (report.modules) {
      const byPackage = new Map<string, number>();
      for (const url of report.modules) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
        const key = match
          ? match[1]!
          : url.startsWith("node:")
            ? "node:*"
            : url.includes("/src/")
              ? "src"
              : "other";
        byPackage.set(key, (byPackage.get(key) ?? 0) + 1);
      }
      lines.push(
        `modules loaded: ${report.modules.length}: ${[...byPackage]
          .sort((a, b) => b[1] - a[1])
          .map(([name, count]) => `${name} ${count}`)
          .join(", ")}`,
      );
    }
    const peakKb = (report.afterGc ?? report.before).vmHwmKb;
    lines.push(
      `service-memory: peak rss ${kbMb(peakKb)} MB, rss ${mb(report.before.rss)} MB (${drove ? `${users} people` : "at rest"})`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    if (service) await stop(service);
    await database.drop();
  }
} finally {
  await driver.close();
}

function started(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolveStarted, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (buffered.includes('"service started"')) {
        // The log keeps flowing (and must be drained); only the first lines were needed.
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolveStarted();
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code, signal) =>
      reject(new Error(`the service exited (${signal ?? code}):\n${buffered}`)),
    );
  });
}

function probe(child: ChildProcess, gc: boolean): Promise<ProbeReport> {
  return new Promise<ProbeReport>((resolveReport) => {
    child.once("message", (message) => resolveReport(message as ProbeReport));
    child.send({ type: "memory", gc });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await gone;
  clearTimeout(timer);
}

/** The answers bench's invites (bench/driver-process.ts), seeded through a connection of our own. */
async function seedInvitesIn(env: Record<string, string>, count: number): Promise<string[]> {
  const handle = await createDatabase(createConfig(env).database);
  try {
    return await seedInvites(handle.db, count);
  } finally {
    await handle.close();
  }
}
