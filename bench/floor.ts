/**
 * `npm run bench -- floor [--clients N] [--seconds S]`: the least a turn that stores an answer
 * durably costs this machine's PostgreSQL, with no bot at all.
 *
 * What the numbers mean. N connections (default 32) each repeat, as fast as PostgreSQL answers,
 * the smallest transaction a bot turn can be and still keep the answer: `BEGIN`, an `UPDATE` of the
 * person's form state (a JSON document, by primary key), an `INSERT` of the answer, `COMMIT`, each a
 * prepared statement, over node-postgres. No HTTP, no framework, no query builder.
 * - transactions/s: committed transactions over the wall time.
 * - PostgreSQL CPU: every `postgres` process of this machine (Linux /proc), per transaction.
 * - client CPU: this process (node-postgres alone), per transaction.
 * - machine: how busy all cores were. When it is near 100 %, the figure is this machine's ceiling
 *   for such transactions, whatever the bot on top does.
 * Why it exists: the answers bench's target is judged against it (docs/performance.md, "The floor").
 * PostgreSQL when DATABASE_URL is set (a fresh database, dropped afterwards); otherwise PGlite in a
 * temporary folder, one connection (what the embedded database has).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { BenchResult } from "./run.js";
import { benchDatabase } from "./driver-process.js";
import { machineCpu, round } from "./support.js";

const SESSIONS = 1000;
const SCHEMA = [
  `create table session (id int primary key, state jsonb not null, revision int not null, updated_at timestamptz not null)`,
  `create table answer (id bigserial primary key, session_id int not null, question text not null, value jsonb not null, answered_at timestamptz not null default now())`,
  `insert into session select g, '{"step": 1, "answers": {}}', 0, now() from generate_series(1, ${SESSIONS}) g`,
  `analyze session`,
];
const UPDATE = `update session set state = $1::jsonb, revision = revision + 1, updated_at = now() where id = $2`;
const INSERT = `insert into answer (session_id, question, value) values ($1, $2, $3::jsonb)`;

/** One turn's writes: the form state after the answer, and the answer. */
function turnValues(seq: number) {
  const id = (seq % SESSIONS) + 1;
  const state = JSON.stringify({
    step: seq % 12,
    answers: { grade: 9, name: "Анна", interests: ["it", "science"] },
  });
  return { id, state, question: `q${seq % 12}`, value: JSON.stringify("Ответ на вопрос") };
}

export async function floorBench(options: Record<string, string>): Promise<BenchResult> {
  const clients = Number(options.clients ?? 32);
  const seconds = Number(options.seconds ?? 20);
  const database = await benchDatabase();
  try {
    const url = database.env.DATABASE_URL;
    const run = url ? onServer(url, clients, seconds) : onPglite(database.env.DATA_DIR, seconds);
    const { transactions, wall, cpu, machine } = await run;
    const perTx = (s: number) => round((s * 1000) / Math.max(1, transactions), 3);
    const tps = round(transactions / wall, 0);
    const postgres = url && machine ? machine.postgres : 0;
    const lines = [
      `${database.kind}: ${url ? `${clients} connections` : "one connection"}, ${round(wall)} s, ${transactions} transactions ` +
        `(BEGIN, UPDATE of a JSON state by key, INSERT of the answer, COMMIT; prepared)`,
      ...(url && machine
        ? [`PostgreSQL CPU: ${round(postgres)} s (${perTx(postgres)} ms per transaction)`]
        : []),
      `client CPU (${url ? "node-postgres" : "PGlite, the database itself"}, this process): ${round(cpu)} s (${perTx(cpu)} ms per transaction)`,
      ...(machine
        ? [
            `machine: ${round((100 * machine.busy) / (wall * machine.cores), 0)} % of ${machine.cores} cores busy, ` +
              `${perTx(machine.busy)} ms of machine CPU per transaction`,
          ]
        : []),
    ];
    return {
      figure: tps,
      unit: "transactions/s",
      details: lines.join("\n"),
      line:
        `floor: ${tps} transactions/s, ` +
        (url && machine ? `postgres ${perTx(postgres)} ms, ` : "") +
        `client ${perTx(cpu)} ms per transaction` +
        (machine ? `, machine ${round((100 * machine.busy) / (wall * machine.cores), 0)} % busy` : ""),
    };
  } finally {
    await database.drop();
  }
}

interface FloorRun {
  transactions: number;
  wall: number;
  cpu: number;
  machine: Awaited<ReturnType<typeof machineCpu>>;
}

async function onServer(url: string, clients: number, seconds: number): Promise<FloorRun> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  for (const statement of SCHEMA) await setup.query(statement);
  await setup.end();
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let seq = 0;
  let transactions = 0;
  const startCpu = process.cpuUsage();
  const startMachine = await machineCpu();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    connections.map(async (client) => {
      while (performance.now() < until) {
        const turn = turnValues(seq++);
        await client.query("begin");
        await client.query({ name: "floor-update", text: UPDATE, values: [turn.state, turn.id] });
        await client.query({
          name: "floor-insert",
          text: INSERT,
          values: [turn.id, turn.question, turn.value],
        });
        await client.query("commit");
        transactions++;
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(startCpu);
  const machine = startMachine ? await machineCpu(startMachine) : undefined;
  await Promise.all(connections.map((client) => client.end()));
  return { transactions, wall, cpu: (used.user + used.system) / 1e6, machine };
}

async function onPglite(dataDir: string | undefined, seconds: number): Promise<FloorRun> {
  const folder = dataDir ?? (await mkdtemp(join(tmpdir(), "nastavnik-floor-")));
  const db = await PGlite.create(folder);
  try {
    for (const statement of SCHEMA) await db.exec(statement);
    let transactions = 0;
    const startCpu = process.cpuUsage();
    const startMachine = await machineCpu();
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      const turn = turnValues(transactions);
      await db.transaction(async (tx) => {
        await tx.query(UPDATE, [turn.state, turn.id]);
        await tx.query(INSERT, [turn.id, turn.question, turn.value]);
      });
      transactions++;
    }
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(startCpu);
    const machine = startMachine ? await machineCpu(startMachine) : undefined;
    return { transactions, wall, cpu: (used.user + used.system) / 1e6, machine };
  } finally {
    await db.close();
    if (!dataDir) await rm(folder, { recursive: true, force: true });
  }
}
