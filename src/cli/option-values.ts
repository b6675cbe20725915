import { z } from "zod";
import { isIanaTimeZone } from "../config.js";
import type { MessageArgs } from "../i18n/translator.js";
import { isAcademicYear, isCalendarDay } from "../programs/academic-year.js";

/**
 * How one option's raw text becomes a value. Every zod message here is a Fluent id from cli.ftl; `args`
 * fill it in (with `value`, the text the operator typed, added by the parser), and `placeholder` shows
 * the expected shape in --help. Values are checked one option at a time so an error names its option.
 */
export interface OptionValue<T> {
  schema: z.ZodType<T, string>;
  placeholder: string;
  args?: MessageArgs;
}

const TEXT_MAX = 300;

export function text(max = TEXT_MAX): OptionValue<string> {
  return {
    schema: z.string().trim().min(1, "cli-error-empty").max(max, "cli-error-too-long"),
    placeholder: "TEXT",
    args: { max },
  };
}

/** A row id as the database gives it: a positive 32-bit integer. */
export function id(): OptionValue<number> {
  return {
    schema: z
      .string()
      .trim()
      .regex(/^[1-9][0-9]{0,9}$/, "cli-error-id")
      .transform(Number)
      .refine((value) => value <= 2_147_483_647, "cli-error-id"),
    placeholder: "ID",
  };
}

export function integer(min: number, max: number): OptionValue<number> {
  return {
    schema: z
      .string()
      .trim()
      .regex(/^-?[0-9]{1,9}$/, "cli-error-integer")
      .transform(Number)
      .refine((value) => value >= min && value <= max, "cli-error-integer"),
    placeholder: "N",
    args: { min, max },
  };
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): OptionValue<T[number]> {
  return {
    schema: z
      .string()
      .trim()
      .pipe(z.enum(values, { error: "cli-error-choice" })),
    placeholder: values.join("|"),
    args: { allowed: values.join(", ") },
  };
}

export function calendarDay(): OptionValue<string> {
  return {
    schema: z.string().trim().refine(isCalendarDay, "cli-error-date"),
    placeholder: "YYYY-MM-DD",
  };
}

export function timeZone(): OptionValue<string> {
  return {
    schema: z.string().trim().refine(isIanaTimeZone, "cli-error-time-zone"),
    placeholder: "Area/City",
  };
}

export function academicYear(): OptionValue<string> {
  return {
    schema: z.string().trim().refine(isAcademicYear, "cli-error-academic-year"),
    placeholder: "YYYY/YYYY",
  };
}

/** A short machine code such as a role variant key: lower-case letters, digits, _ and -. */
export function code(max = 64): OptionValue<string> {
  return {
    schema: z
      .string()
      .trim()
      .regex(new RegExp(`^[a-z][a-z0-9_-]{0,${max - 1}}$`), "cli-error-code"),
    placeholder: "key",
    args: { max },
  };
}
