import { z } from "zod";
import { optionValue } from "./definition.js";
import { STATE_VERSION, type FormState, type Sources } from "./types.js";

const textArgs = z.record(z.string(), z.union([z.string(), z.number()]));
const storedText = z.strictObject({ key: z.string().min(1), args: textArgs.optional() });

const sourceOption = z.strictObject({ value: optionValue, label: storedText });
const sources = z.record(z.string(), z.array(sourceOption));

const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const stateSchema = z.strictObject({
  stateVersion: z.literal(STATE_VERSION),
  formKey: z.string().min(1),
  formVersion: z.number().int().min(1),
  cursor: z.discriminatedUnion("at", [
    z.strictObject({ at: z.literal("question"), question: z.string().min(1), fromSummary: z.boolean() }),
    z.strictObject({ at: z.literal("summary") }),
    z.strictObject({ at: z.literal("done") }),
  ]),
  answers: z.record(z.string(), answerValue),
  skipped: z.array(z.string()),
  draft: z
    .strictObject({
      question: z.string().min(1),
      selected: z.array(z.string()),
      page: z.number().int().min(0),
    })
    .nullable(),
  sources,
});

/**
 * Reads a stored state (the `form_session.state` column). A state from a newer or unknown format, or
 * one that does not parse, is a bug or a bad migration, not a person's input: it throws.
 *
 * @example
 * const state = parseFormState(row.state);
 */
export function parseFormState(json: unknown): FormState {
  const version = (json as { stateVersion?: unknown } | null)?.stateVersion;
  if (version !== STATE_VERSION) {
    // The place to upgrade older formats when STATE_VERSION moves on.
    throw new Error(`Unsupported form state version ${String(version)}`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Stored form state does not parse: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Checks run-time list options before they are stored: values travel in button payloads and labels
 * are stored as JSON. Bad options are the caller's bug, so this throws.
 */
export function checkSources(given: Sources): Sources {
  const parsed = sources.safeParse(given);
  if (!parsed.success) throw new Error(`Invalid form sources: ${z.prettifyError(parsed.error)}`);
  for (const [name, options] of Object.entries(parsed.data)) {
    const values = new Set(options.map((o) => o.value));
    if (values.size !== options.length) throw new Error(`Form source "${name}" repeats a value`);
  }
  return parsed.data;
}
