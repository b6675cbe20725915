/**
 * `npm run bench -- <name> [--key value]`: one benchmark on PGlite (default) or on DATABASE_URL (a
 * fresh database, dropped afterwards). The last line is `<name>: <figure> <unit>` and the details.
 */
export interface BenchResult {
  figure: number;
  unit: string;
  details: string;
  /** A last line of the bench's own shape; `details` then goes on the lines before it. */
  line?: string;
}

type Bench = (options: Record<string, string>) => Promise<BenchResult>;

/**
 * Each bench is imported only when it runs, so the process whose memory a bench reports (answers:
 * the service's) does not also hold the others' modules.
 */
const BENCHES: Record<string, () => Promise<Bench>> = {
  answers: async () => (await import("./answers.js")).answersBench,
  digest: async () => (await import("./digest.js")).digestBench,
  fanout: async () => (await import("./fanout.js")).fanoutBench,
  floor: async () => (await import("./floor.js")).floorBench,
  "form-answers": async () => (await import("./form-answers.js")).formAnswersBench,
  matching: async () => (await import("./matching.js")).matchingBench,
  reminders: async () => (await import("./reminders.js")).remindersBench,
  "seed-demo": async () => (await import("./seed-demo.js")).seedDemoBench,
};

const [name, ...rest] = process.argv.slice(2);
const options: Record<string, string> = {};
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i]?.replace(/^--/, "");
  if (key) options[key] = rest[i + 1] ?? "";
}
const load = name ? BENCHES[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [--option value]\n`);
  process.exit(2);
}
const result = await (await load())(options);
if (result.line) process.stdout.write(`${result.details}\n${result.line}\n`);
else process.stdout.write(`${name}: ${result.figure} ${result.unit} — ${result.details}\n`);
