import { z } from "zod";
import { addDays } from "../programs/academic-year.js";

/**
 * A roadmap template: the stages a programme walks in an academic year, each with who it concerns,
 * what it asks of them and its window as month and day ("10-15"). Creating a programme copies one
 * with real dates; the curator moves them afterwards. Built-in templates (templates.ts) name their
 * titles by locales/ id; an operator's YAML template carries its own texts (operator-templates.ts).
 */

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, "must be a month and day like 09-15")
  .refine((value) => isRealMonthDay(value), "is not a day of the year");

const key = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "must be lower case letters, digits and _");

const stageFields = {
  key,
  audience: z.enum(["all", "mentors", "mentees", "curators"]),
  opens: monthDay,
  closes: monthDay,
};

export const roadmapStage = z
  .discriminatedUnion("action", [
    z.strictObject({
      ...stageFields,
      action: z.literal("form"),
      /** A form key, or "entry" / "final_satisfaction" (each side gets its own variant). */
      form: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a form key"),
      subject: z.string().max(60).optional(),
    }),
    z.strictObject({
      ...stageFields,
      action: z.literal("meeting"),
      meeting: z.enum(["first", "trial", "planning", "regular", "final"]),
    }),
    z.strictObject({
      ...stageFields,
      action: z.literal("curator_task"),
      check: z.enum(["consents", "pairs"]).optional(),
    }),
    z.strictObject({ ...stageFields, action: z.literal("information") }),
  ])
  .superRefine((stage, ctx) => {
    if (academicOrder(stage.closes) < academicOrder(stage.opens)) {
      ctx.addIssue({
        code: "custom",
        path: ["closes"],
        message: `must not come before opens (${stage.opens}) in the academic year`,
      });
    }
    if (stage.action === "curator_task" && stage.audience !== "curators") {
      ctx.addIssue({ code: "custom", path: ["audience"], message: "a curator task is for curators" });
    }
    if (stage.action !== "curator_task" && stage.action !== "information" && stage.audience === "curators") {
      ctx.addIssue({ code: "custom", path: ["audience"], message: `a ${stage.action} is for participants` });
    }
  });

export type RoadmapStageTemplate = z.infer<typeof roadmapStage>;

export const roadmapTemplate = z
  .strictObject({
    key,
    nudge: z
      .strictObject({
        afterDays: z.number().int().min(1).max(60),
        limit: z.number().int().min(0).max(10),
      })
      .optional(),
    stages: z.array(roadmapStage).min(1).max(100),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.stages.forEach((stage, index) => {
      if (seen.has(stage.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["stages", index, "key"],
          message: `${stage.key} appears twice`,
        });
      }
      seen.add(stage.key);
    });
  });

export type RoadmapTemplate = z.infer<typeof roadmapTemplate>;

/** A stage with its dates in one academic year ("2026/2027": September 2026 to August 2027). */
export interface DatedStage {
  stage: RoadmapStageTemplate;
  opensOn: string;
  closesOn: string;
}

export function datedStages(template: RoadmapTemplate, academicYear: string): DatedStage[] {
  return template.stages.map((stage) => ({
    stage,
    opensOn: dayInAcademicYear(stage.opens, academicYear),
    closesOn: dayInAcademicYear(stage.closes, academicYear),
  }));
}

/** "10-15" in "2026/2027" is 2026-10-15; "03-01" is 2027-03-01; "02-29" in a common year is 1 March. */
export function dayInAcademicYear(value: string, academicYear: string): string {
  const first = Number(academicYear.slice(0, 4));
  const month = Number(value.slice(0, 2));
  const year = month >= 9 ? first : first + 1;
  const day = Number(value.slice(3, 5));
  // Day 1 plus (day - 1) rolls 29 February over to 1 March in a year that has none.
  return addDays(`${year}-${value.slice(0, 2)}-01`, day - 1);
}

/** September is the first month of the academic year, August the last. */
function academicOrder(value: string): number {
  const month = Number(value.slice(0, 2));
  return ((month + 3) % 12) * 100 + Number(value.slice(3, 5));
}

function isRealMonthDay(value: string): boolean {
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return Number(value.slice(3, 5)) <= days[Number(value.slice(0, 2)) - 1]!;
}

/** The locales/ id of a built-in template stage's title. */
export function stageTitleKey(templateKey: string, stageKey: string): string {
  return `roadmap-stage-${templateKey}-${stageKey}`.replaceAll("_", "-");
}
