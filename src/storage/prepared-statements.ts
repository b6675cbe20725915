/**
 * Names for prepared statements: the pool's client (pool-client.ts) sends every parameterised data
 * statement under one, so PostgreSQL parses and plans it once per connection instead of on every
 * execution.
 *
 * Why: on the answers bench, planning took more of PostgreSQL's time than executing (the person
 * snapshot with its four JSON subqueries: 0.78 ms to plan, 0.15 ms to run, on every input; see
 * docs/performance.md). kysely sends the same SQL text for the same query shape with the values as
 * parameters, so the distinct texts are few and stable; a cap keeps a statement built from a list of
 * varying length from filling each connection with statements used once.
 *
 * A statement prepared before another instance's migration changed a table it returns `*` of fails
 * once with "cached plan must not change result type"; that text is then given a new name, so the
 * next execution (the update's retry) prepares it afresh on every connection.
 */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const DEFAULT_LIMIT = 1000;

export interface StatementNames {
  /** The name to prepare this text under, or undefined past the cap. */
  nameOf(text: string): string | undefined;
  /** Forgets the text's name (its plan no longer fits the table); the next use prepares a new one. */
  renew(text: string): void;
  readonly size: number;
}

export function createStatementNames(limit = DEFAULT_LIMIT): StatementNames {
  const names = new Map<string, string>();
  let counter = 0;
  return {
    nameOf(text) {
      const known = names.get(text);
      if (known !== undefined || names.size >= limit) return known;
      const name = `n${(++counter).toString(36)}`;
      names.set(text, name);
      return name;
    },
    renew(text) {
      if (!names.has(text)) return;
      names.set(text, `n${(++counter).toString(36)}`);
    },
    get size() {
      return names.size;
    },
  };
}

/** PostgreSQL's answer to a prepared statement whose table changed the columns it returns. */
export function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "0A000" && typeof message === "string" && message.includes("cached plan must not change");
}

/** Whether `text` is a data statement worth preparing (not BEGIN, SET, DDL...). */
export function isPreparable(text: string): boolean {
  return PREPARABLE.test(text);
}
