// Preloaded by bench/memory-at-rest.ts into the service it measures (`node --import
// ./bench/memory-probe.mjs ...`): answers {type: "memory"} over the IPC channel with the process's
// own memory figures, and (MEMORY_PROBE_MODULES=1) records every module URL loaded. Plain JavaScript
// so that it loads before tsx. Not used by the service itself.
import { readFileSync } from "node:fs";
import module from "node:module";
import { PerformanceObserver } from "node:perf_hooks";
import process from "node:process";
import v8 from "node:v8";

const loaded = [];
if (process.env.MEMORY_PROBE_MODULES === "1" && typeof module.registerHooks === "function") {
  module.registerHooks({
    load(url, context, nextLoad) {
      loaded.push(url);
      return nextLoad(url, context);
    },
  });
}

/** Garbage collections so far and their time on the main thread (ms), from perf_hooks "gc" entries. */
const gc = { count: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count += 1;
    gc.ms += entry.duration;
  }
}).observe({ entryTypes: ["gc"] });

function statusKb(field) {
  const match = readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) : undefined;
}

/** Resident anonymous memory from /proc/self/smaps: the brk heap (malloc's main arena), and the other
 * anonymous mappings by size (V8's heap pages, malloc's thread arenas, thread stacks...). */
function smapsSummary() {
  const out = { brkKb: 0, anonKb: 0, largest: [] };
  let current;
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      current = { sizeKb: (parseInt(head[2], 16) - parseInt(head[1], 16)) / 1024, name: head[3], rssKb: 0 };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) {
      current.rssKb = Number(rss[1]);
      if (current.name === "[heap]") out.brkKb += current.rssKb;
      else if (current.name === "") {
        out.anonKb += current.rssKb;
        out.largest.push(current);
      }
    }
  }
  out.largest = out.largest
    .sort((a, b) => b.rssKb - a.rssKb)
    .slice(0, 12)
    .map((m) => `${m.rssKb}/${m.sizeKb}`);
  return out;
}

function snapshot() {
  const usage = process.memoryUsage();
  return {
    ...usage,
    vmRssKb: statusKb("VmRSS"),
    vmHwmKb: statusKb("VmHWM"),
    rssAnonKb: statusKb("RssAnon"),
    rssFileKb: statusKb("RssFile"),
    heapSpaces: v8.getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      size: space.space_size,
      used: space.space_used_size,
    })),
    heapCode: v8.getHeapCodeStatistics(),
    smaps: smapsSummary(),
    cpu: process.cpuUsage(),
    gc: { ...gc },
  };
}

if (process.send) {
  process.on("message", (message) => {
    if (!message || message.type !== "memory") return;
    const before = snapshot();
    let afterGc;
    if (message.gc && typeof globalThis.gc === "function") {
      globalThis.gc();
      afterGc = snapshot();
    }
    process.send({ type: "memory", before, afterGc, modules: loaded.length ? loaded : undefined });
  });
  // The channel alone must not keep the service running.
  process.channel?.unref();
}
