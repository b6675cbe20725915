/**
 * `npm run bench -- <name> [--key value]`: one benchmark on PGlite (default) or on DATABASE_URL (a
 * fresh database, dropped afterwards). The last line is `<name>: <figure> <unit>` and the details.
 */
import { formAnswersBench } from "./form-answers.js";
import { seedDemoBench } from "./seed-demo.js";

export interface BenchResult {
  figure: number;
  unit: string;
  details: string;
}

const BENCHES: Record<string, (options: Record<string, string>) => Promise<BenchResult>> = {
  "form-answers": formAnswersBench,
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
process.stdout.write(`${name}: ${result.figure} ${result.unit} — ${result.details}\n`);
