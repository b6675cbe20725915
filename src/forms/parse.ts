import type { z } from "zod";
import { formDefinition, type FormDefinition } from "../core/forms/definition.js";

/** "questions.3.options: Too small…" lines, one per zod issue, so a reader finds the spot in the file. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    const where = [...prefix, ...issue.path].map(String).join(".");
    return `${where || "(top level)"}: ${issue.message}`;
  });
}

/**
 * Validates a definition, throwing one error that names its origin and every problem in it.
 * A bad definition is a bug (built-in) or a misconfiguration (operator file): either stops start-up.
 */
export function parseFormDefinition(input: unknown, origin: string): FormDefinition {
  const result = formDefinition.safeParse(input);
  if (result.success) return result.data;
  throw new Error(`${origin}: ${describeIssues(result.error).join("; ")}`);
}
