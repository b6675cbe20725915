import { performance } from "node:perf_hooks";
import { createFormRegistry } from "../src/core/forms/registry.js";
import type { Input, Prompt } from "../src/core/forms/types.js";
import { createFormSessionService } from "../src/form-sessions/form-session.service.js";
import { builtInForms } from "../src/forms/index.js";
import type { BenchResult } from "./run.js";
import { openBenchDatabase, percentile, round, rssMb } from "./support.js";

/**
 * How many answers a second the form engine saves, each in its own transaction with optimistic
 * locking, as people fill the pupil entry questionnaire from start to submit. `--people N`,
 * `--concurrency C` (people answering at the same time).
 */
export async function formAnswersBench(options: Record<string, string>): Promise<BenchResult> {
  const people = Number(options.people ?? 200);
  const concurrency = Number(options.concurrency ?? 8);
  const database = await openBenchDatabase();
  try {
    const { db } = database;
    const organisation = await db
      .insertInto("organisation")
      .values({ name: "bench", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const program = await db
      .insertInto("program")
      .values({
        organisation_id: organisation.id,
        name: "bench",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const personIds = (
      await db
        .insertInto("person")
        .values(Array.from({ length: people }, (_, i) => ({ display_name: `p${i}`, locale: "ru" as const })))
        .returning("id")
        .execute()
    ).map((r) => r.id);
    const forms = createFormSessionService({
      db,
      registry: createFormRegistry(builtInForms),
      clock: () => new Date(),
      defaultTimeZone: "Europe/Moscow",
    });

    const latencies: number[] = [];
    let inputs = 0;
    let submitted = 0;
    const queue = [...personIds];
    const started = performance.now();
    async function worker() {
      for (let personId = queue.shift(); personId !== undefined; personId = queue.shift()) {
        let turn = await forms.open({ personId, formKey: "mentee_entry_pupil", programId: program.id });
        for (let step = 0; step < 60 && turn.status !== "submitted"; step++) {
          const input = nextInput(turn.prompts);
          if (!input) throw new Error(`no way forward from ${JSON.stringify(turn.prompts.at(-1))}`);
          const t0 = performance.now();
          turn = await forms.handle({ personId, sessionId: turn.sessionId, input });
          latencies.push(performance.now() - t0);
          inputs++;
        }
        if (turn.status === "submitted") submitted++;
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    if (submitted !== people) throw new Error(`only ${submitted} of ${people} forms were submitted`);
    return {
      figure: round(inputs / seconds, 0),
      unit: "inputs/s",
      details:
        `${inputs} inputs by ${people} people (${concurrency} at a time) on ${database.kind} in ${round(seconds)} s; ` +
        `latency p50 ${round(percentile(latencies, 50), 2)} ms, p95 ${round(percentile(latencies, 95), 2)} ms, ` +
        `max ${round(latencies.at(-1) ?? 0, 2)} ms; rss ${rssMb()} MB`,
    };
  } finally {
    await database.close();
  }
}

/** A plausible next tap or text for whatever the engine shows: first option, then Done/Submit. */
function nextInput(prompts: Prompt[]): Input | undefined {
  const prompt = prompts.at(-1);
  if (!prompt) return undefined;
  if (prompt.type === "summary") return prompt.actions.find((a) => a.action === "submit")?.input;
  if (prompt.type !== "question") return undefined;
  const expects = prompt.expects;
  switch (expects.kind) {
    case "single_choice":
    case "scale":
    case "yes_no":
    case "pick":
      return expects.options[0]?.input;
    case "multiple_choice":
    case "ranking": {
      const picked = expects.options.filter((o) => o.selected || o.rank !== undefined).length;
      const enough = expects.kind === "ranking" ? expects.min : expects.min;
      if (picked >= Math.max(1, enough)) return prompt.actions.find((a) => a.action === "done")?.input;
      return expects.options.find((o) => !o.selected && o.rank === undefined)?.input;
    }
    case "text":
      return prompt.optional
        ? prompt.actions.find((a) => a.action === "skip")?.input
        : { type: "text", text: "Хочу разобраться в алгебре", question: prompt.question };
    case "number":
      return { type: "text", text: String(expects.min ?? 1), question: prompt.question };
    case "date":
      return expects.shortcuts[0]?.input;
  }
}
