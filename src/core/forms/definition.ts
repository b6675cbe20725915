import { z } from "zod";

/**
 * A form (questionnaire, poll, check-in) is data: this schema is the contract between the built-in
 * definitions in src/forms, operator files in FORMS_DIR, the pure engine and every channel.
 * Text is never written here: every visible string is a Fluent message id from locales/.
 */

/** A Fluent message id (locales/<lang>/*.ftl). */
export const localeKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "must be a Fluent message id like form-x-question");

/**
 * Stable question keys: answers are stored under them, so renaming one is a new form version.
 * At most 32 characters: a button carries the key and an option value, and Telegram's callback data
 * holds 64 bytes in all.
 */
/**
 * Answers and run-time lists are plain objects keyed by these names, so a name of Object.prototype's
 * (constructor, valueOf...) would read as present before anything was stored.
 */
const notPrototypeName = (name: string) => !(name in Object.prototype);

export const questionKey = z
  .string()
  .max(32)
  .regex(/^[a-z][a-z0-9_]*$/, "must be snake_case")
  .refine(notPrototypeName, "is a reserved name (constructor, valueOf, ...)");

const sourceName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .refine(notPrototypeName, "is a reserved name (constructor, valueOf, ...)");

/** At most 24 characters, for the same 64-byte button budget as question keys. */
export const optionValue = z
  .string()
  .max(24)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a short lowercase code");

export const choiceOption = z.object({
  value: optionValue,
  label: localeKey,
  /**
   * In a multiple choice, an answer that excludes the others ("Неважно", "None of these"): ticking it
   * clears the rest, ticking another clears it.
   */
  exclusive: z.boolean().optional(),
});
export type ChoiceOption = z.infer<typeof choiceOption>;

export type Condition =
  | { question: string; equals: string | number | boolean }
  | { question: string; notEquals: string | number | boolean }
  | { question: string; in: (string | number)[] }
  | { question: string; includes: string }
  | { question: string; answered: boolean }
  | { question: string; atLeast: number }
  | { question: string; atMost: number }
  | { all: Condition[] }
  | { any: Condition[] };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ question: questionKey, equals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ question: questionKey, notEquals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ question: questionKey, in: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ question: questionKey, includes: z.string() }),
    z.strictObject({ question: questionKey, answered: z.boolean() }),
    z.strictObject({ question: questionKey, atLeast: z.number() }),
    z.strictObject({ question: questionKey, atMost: z.number() }),
    z.strictObject({ all: z.array(condition).min(1) }),
    z.strictObject({ any: z.array(condition).min(1) }),
  ]),
);

const base = {
  key: questionKey,
  text: localeKey,
  /** A second line under the question (what counts, an example). */
  hint: localeKey.optional(),
  /** Optional questions offer "skip"; required ones re-ask until answered. */
  optional: z.boolean().default(false),
  /** Asked only when the condition holds on earlier answers; otherwise neither asked nor stored. */
  showIf: condition.optional(),
};

export const singleChoiceQuestion = z.strictObject({
  ...base,
  kind: z.literal("single_choice"),
  options: z.array(choiceOption).min(2).max(30),
});

export const multipleChoiceQuestion = z.strictObject({
  ...base,
  kind: z.literal("multiple_choice"),
  options: z.array(choiceOption).min(2).max(30),
  min: z.number().int().min(0).default(1),
  max: z.number().int().min(1).optional(),
});

export const scaleQuestion = z.strictObject({
  ...base,
  kind: z.literal("scale"),
  min: z.number().int().min(0).max(1),
  max: z.number().int().min(2).max(10),
  minLabel: localeKey.optional(),
  maxLabel: localeKey.optional(),
});

export const textQuestion = z.strictObject({
  ...base,
  kind: z.literal("text"),
  /** Long text: a paragraph (comments, "what to change"); short: a line (subject, name). */
  long: z.boolean().default(false),
  minLength: z.number().int().min(1).default(1),
  maxLength: z.number().int().min(1).max(4000).optional(),
});

export const numberQuestion = z.strictObject({
  ...base,
  kind: z.literal("number"),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(true),
  /** Unit shown after the number (locale key), e.g. minutes, years. */
  unit: localeKey.optional(),
});

export const dateQuestion = z.strictObject({
  ...base,
  kind: z.literal("date"),
  /** Range relative to "today" in the person's time zone: -30 means "no earlier than 30 days ago". */
  minDaysFromToday: z.number().int().optional(),
  maxDaysFromToday: z.number().int().optional(),
  /** Offer "today" / "yesterday" buttons (only those inside the range are shown). */
  shortcuts: z.array(z.enum(["today", "yesterday", "tomorrow", "in_a_week"])).default([]),
});

export const yesNoQuestion = z.strictObject({
  ...base,
  kind: z.literal("yes_no"),
});

/**
 * Options computed at run time by a named source (e.g. "group_meeting_mentors": the mentors present at
 * the group meeting this poll is about). The engine receives them in its context and pages them.
 * One of them, or with `multiple` any of them.
 */
export const pickQuestion = z.strictObject({
  ...base,
  kind: z.literal("pick"),
  source: sourceName,
  pageSize: z.number().int().min(2).max(20).default(8),
  /**
   * Several at once (who of a group attended): options are toggled and "Done" finishes; the answer is
   * the chosen values in list order, at least one.
   */
  multiple: z.boolean().default(false),
});

/** Choose up to `maxChoices` in order of preference, from fixed options or a run-time source. */
export const rankingQuestion = z.strictObject({
  ...base,
  kind: z.literal("ranking"),
  options: z.array(choiceOption).min(2).max(30).optional(),
  source: sourceName.optional(),
  maxChoices: z.number().int().min(1).max(10),
  minChoices: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(2).max(20).default(8),
});

/** Text to read, no answer (an introduction, a section title). */
export const infoQuestion = z.strictObject({
  ...base,
  kind: z.literal("info"),
});

export const question = z
  .discriminatedUnion("kind", [
    singleChoiceQuestion,
    multipleChoiceQuestion,
    scaleQuestion,
    textQuestion,
    numberQuestion,
    dateQuestion,
    yesNoQuestion,
    pickQuestion,
    rankingQuestion,
    infoQuestion,
  ])
  .superRefine((q, ctx) => {
    if (q.kind === "multiple_choice" && q.max !== undefined && q.max < q.min) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "must be at least min" });
    }
    if (q.kind === "number" && q.min !== undefined && q.max !== undefined && q.max < q.min) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "must be at least min" });
    }
    if (q.kind === "text" && q.maxLength !== undefined && q.maxLength < q.minLength) {
      ctx.addIssue({ code: "custom", path: ["maxLength"], message: "must be at least minLength" });
    }
    if (q.kind === "ranking" && (q.options === undefined) === (q.source === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "a ranking needs either options or a source",
      });
    }
    if (q.kind === "ranking" && q.minChoices > q.maxChoices) {
      ctx.addIssue({ code: "custom", path: ["minChoices"], message: "must not exceed maxChoices" });
    }
    if (q.kind === "info" && q.optional) {
      ctx.addIssue({ code: "custom", path: ["optional"], message: "an info item has no answer to skip" });
    }
  });
export type Question = z.infer<typeof question>;
export type QuestionKind = Question["kind"];

export const formAudience = z.enum(["mentee", "mentor", "any", "curator"]);

export const formDefinition = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case"),
    /** Bump on any change to questions; a session started on version N finishes on version N. */
    version: z.number().int().min(1),
    audience: formAudience,
    title: localeKey,
    /** Shown once before the first question. */
    intro: localeKey.optional(),
    questions: z.array(question).min(1),
  })
  .superRefine((form, ctx) => {
    const seen = new Map<string, number>();
    form.questions.forEach((q, index) => {
      if (seen.has(q.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["questions", index, "key"],
          message: `duplicate key "${q.key}"`,
        });
      }
      if (q.showIf) {
        for (const ref of conditionQuestions(q.showIf)) {
          if (!seen.has(ref)) {
            ctx.addIssue({
              code: "custom",
              path: ["questions", index, "showIf"],
              message: `refers to "${ref}", which is not an earlier question`,
            });
          }
        }
      }
      seen.set(q.key, index);
    });
    if (form.questions.every((q) => q.kind === "info")) {
      ctx.addIssue({
        code: "custom",
        path: ["questions"],
        message: "a form needs at least one question to answer",
      });
    }
  });
export type FormDefinition = z.infer<typeof formDefinition>;
export type FormDefinitionInput = z.input<typeof formDefinition>;

export function conditionQuestions(c: Condition): string[] {
  if ("all" in c) return c.all.flatMap(conditionQuestions);
  if ("any" in c) return c.any.flatMap(conditionQuestions);
  return [c.question];
}

/** Every locale key a definition uses, for the completeness test and for operator forms. */
export function definitionLocaleKeys(form: FormDefinition): string[] {
  const keys = new Set<string>([form.title]);
  if (form.intro) keys.add(form.intro);
  for (const q of form.questions) {
    keys.add(q.text);
    if (q.hint) keys.add(q.hint);
    if ("options" in q && q.options) for (const o of q.options) keys.add(o.label);
    if (q.kind === "scale") {
      if (q.minLabel) keys.add(q.minLabel);
      if (q.maxLabel) keys.add(q.maxLabel);
    }
    if (q.kind === "number" && q.unit) keys.add(q.unit);
  }
  return [...keys];
}
