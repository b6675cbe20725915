import pg from "pg";
import {
  createStatementNames,
  isPreparable,
  isStalePlan,
  type StatementNames,
} from "./prepared-statements.js";

/**
 * The `pg.Client` the pool opens, for `new pg.Pool({ Client })`. It saves round trips in two ways:
 *
 * - **Prepared statements**: every parameterised data statement is sent under a name
 *   (prepared-statements.ts), so PostgreSQL plans it once per connection, not on every execution.
 * - **Statements that answer nothing travel with the next one.** `BEGIN` and
 *   `select pg_advisory_xact_lock(…)` return nothing anyone reads, yet each cost the turn a round trip
 *   of its own: a turn began `BEGIN` → wait → lock → wait → its first read → wait. Such a statement
 *   is now written into the socket's buffer and reported done at once; the next statement is written
 *   behind it and both leave in one write (node-postgres' pipeline mode keeps their answers apart).
 *   PostgreSQL still runs them one after the other, so the lock is held before the read's snapshot
 *   is taken, exactly as before. If the held statement fails, the next one is rejected with *its*
 *   error (not "current transaction is aborted"), so the caller's transaction fails as it would have.
 *
 * Why: each round trip costs the service a `writev` and a wake-up of PostgreSQL's backend, and on
 * the answers bench those were most of the service's CPU per input (docs/performance.md).
 */
export function poolClient(names: StatementNames = createStatementNames()): typeof pg.Client {
  // Taken off the prototype to be called with each client as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const plainQuery = pg.Client.prototype.query as (...args: unknown[]) => Promise<pg.QueryResult>;

  class PooledClient extends pg.Client {
    /** Statements written but not yet answered, whose failure the next statement reports. */
    held: Promise<unknown>[] = [];
    /** Whether this client corked its socket for held statements (uncorked by the next one). */
    corked = false;

    constructor(config?: string | pg.ClientConfig) {
      super(
        typeof config === "string"
          ? { connectionString: config, pipeline: true }
          : { ...config, pipeline: true },
      );
    }

    /** Sends out whatever is held in the socket's buffer (the next statement, or the end of this tick). */
    uncork(): void {
      if (!this.corked) return;
      this.corked = false;
      (this as unknown as { connection: { stream: { uncork(): void } } }).connection.stream.uncork();
    }
  }

  Object.defineProperty(PooledClient.prototype, "query", {
    value: function query(this: PooledClient, ...args: unknown[]) {
      const [text, values, callback] = args;
      // Only the promise form is ours to reshape; callbacks and query objects pass through untouched.
      if (
        typeof text !== "string" ||
        callback !== undefined ||
        (values !== undefined && !Array.isArray(values))
      ) {
        const sent = plainQuery.apply(this, args);
        this.uncork();
        return sent;
      }
      if (answersNothing(text)) return hold(this, text, values as unknown[] | undefined);
      const name =
        Array.isArray(values) && values.length > 0 && isPreparable(text) ? names.nameOf(text) : undefined;
      const sent =
        name === undefined
          ? plainQuery.call(this, text, values)
          : plainQuery.call(this, { name, text, values }).catch((error: unknown) => {
              if (isStalePlan(error)) names.renew(text);
              throw error;
            });
      this.uncork();
      return afterHeld(this, sent);
    },
  });

  function hold(client: PooledClient, text: string, values: unknown[] | undefined): Promise<pg.QueryResult> {
    if (!client.corked) {
      (client as unknown as { connection: { stream: { cork(): void } } }).connection.stream.cork();
      client.corked = true;
      // A held statement with nothing after it in this tick still goes out.
      setImmediate(() => client.uncork());
    }
    const sent = plainQuery.call(client, text, values);
    // Observed by the next statement; never an unhandled rejection meanwhile.
    sent.catch(() => undefined);
    client.held.push(sent);
    const command = /^\s*(begin|start)\b/i.test(text) ? "BEGIN" : "SELECT";
    return Promise.resolve({ command, rowCount: 0, rows: [], fields: [], oid: 0 });
  }

  function afterHeld(client: PooledClient, sent: Promise<pg.QueryResult>): Promise<pg.QueryResult> {
    if (client.held.length === 0) return sent;
    const held = client.held;
    client.held = [];
    return Promise.all(held).then(
      () => sent,
      (error: unknown) => {
        sent.catch(() => undefined);
        throw error;
      },
    );
  }

  return PooledClient;
}

/**
 * `BEGIN` / `START TRANSACTION …` as kysely sends them, and one transaction-scoped advisory lock
 * call alone (its result is void). Anything else, even a statement that calls the lock among other
 * things, is answered as usual.
 */
const ANSWERS_NOTHING = [
  /^\s*(begin|start transaction( [a-z ]+)?)\s*;?\s*$/i,
  /^\s*select pg_advisory_xact_lock\((?:[^();]|\((?:[^();]|\([^();]*\))*\))*\)\s*$/i,
];

function answersNothing(text: string): boolean {
  return ANSWERS_NOTHING.some((pattern) => pattern.test(text));
}
