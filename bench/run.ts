/**
 * `npm run bench -- <name> [--key value]`: one benchmark on PGlite (default) or on DATABASE_URL (a
 * fresh database, dropped afterwards). The last line is `<name>: <figure> <unit>` and the details.
 */
import { answersBench } from "./answers.js";
import { digestBench } from "./digest.js";
import { fanoutBench } from "./fanout.js";
import { formAnswersBench } from "./form-answers.js";
import { matchingBench } from "./matching.js";
import { remindersBench } from "./reminders.js";
import { seedDemoBench } from "./seed-demo.js";

export interface BenchResult {
  figure: number;
  unit: string;
  details: string;
  /** A last line of the bench's own shape; `details` then goes on the lines before it. */
  line?: string;
}

const BENCHES: Record<string, (options: Record<string, string>) => Promise<BenchResult>> = {
  answers: answersBench,
  digest: digestBench,
  fanout: fanoutBench,
  "form-answers": formAnswersBench,
  matching: matchingBench,
  reminders: remindersBench,
  "seed-demo": seedDemoBench,
};

const [name, ...rest] = process.argv.slice(2);
const options: Record<string, string> = {};
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i]?.replace(/^--/, "");
  if (key) options[key] = rest[i + 1] ?? "";
}
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [--option value]\n`);
  process.exit(2);
}
const result = await bench(options);
if (result.line) process.stdout.write(`${result.details}\n${result.line}\n`);
else process.stdout.write(`${name}: ${result.figure} ${result.unit} — ${result.details}\n`);
