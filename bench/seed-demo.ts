import { performance } from "node:perf_hooks";
import { createDemoSeeder } from "../src/demo/demo-seed.service.js";
import { demoTexts } from "../src/demo/demo-texts.js";
import { builtInForms } from "../src/forms/index.js";
import { loadTranslator } from "../src/i18n/translator.js";
import type { BenchResult } from "./run.js";
import { openBenchDatabase, round, rssMb } from "./support.js";

/** How fast a demo organisation of `--participants N` (default 5000) is seeded, in one transaction. */
export async function seedDemoBench(options: Record<string, string>): Promise<BenchResult> {
  const participants = Number(options.participants ?? 5000);
  const [database, translator] = await Promise.all([openBenchDatabase(), loadTranslator()]);
  try {
    const started = performance.now();
    const result = await createDemoSeeder(database.db).seed({
      participants,
      seed: 1,
      now: new Date(),
      timeZone: "Europe/Moscow",
      locale: "ru",
      texts: demoTexts(translator, "ru"),
      forms: builtInForms,
    });
    const seconds = (performance.now() - started) / 1000;
    if (!result.created) throw new Error("the bench database already had a demo");
    const c = result.counts;
    return {
      figure: round(participants / seconds, 0),
      unit: "participants/s",
      details:
        `${participants} participants on ${database.kind} in ${round(seconds)} s: ${c.answers} answers, ` +
        `${c.pairs} pairs, ${c.meetings} meetings, ${c.preferences} preferences; rss ${rssMb()} MB`,
    };
  } finally {
    await database.close();
  }
}
