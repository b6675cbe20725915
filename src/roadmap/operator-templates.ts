import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { z } from "zod";
import { describeIssues } from "../forms/parse.js";
import { builtInForms } from "../forms/index.js";
import { LOCALES } from "../i18n/translator.js";
import type { StageTitles } from "./roadmap.repository.js";
import { roadmapTemplate, type RoadmapTemplate } from "./template.js";
import { BUILT_IN_TEMPLATE_KEYS } from "./templates.js";

/**
 * An operator's own roadmap template: one YAML (or JSON) file, validated like operator forms, with the
 * stage titles in Russian and English alongside (no locales/ change needed):
 *
 *   key: club_year
 *   nudge: { afterDays: 3, limit: 2 }
 *   stages:
 *     - { key: entry, audience: mentees, action: form, form: entry, opens: "09-15", closes: "10-15" }
 *     - { key: pairs, audience: curators, action: curator_task, check: pairs, opens: "10-15", closes: "11-01" }
 *     - { key: first, audience: mentors, action: meeting, meeting: first, opens: "11-01", closes: "11-30" }
 *   texts:
 *     ru: { entry: Анкета участника, pairs: Утверждение пар, first: Первая встреча }
 *     en: { entry: Participant questionnaire, pairs: Confirming pairs, first: First meeting }
 *
 * A form stage names a form the service knows, or "entry" / "final_satisfaction" (each side gets its
 * variant). Windows are month and day within the academic year (September to August).
 */

/** Every problem of the file at once, each line "<file>: <path>: <what is wrong>". */
export class RoadmapTemplateError extends Error {
  constructor(readonly problems: string[]) {
    super(`roadmap template is invalid:\n${problems.join("\n")}`);
    this.name = "RoadmapTemplateError";
  }
}

const titleTexts = z.record(
  z.string(),
  z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
);
const texts = z.strictObject({ ru: titleTexts, en: titleTexts });

/** Forms a stage may name: the built-in ones and the two that depend on who fills them. */
export const STAGE_FORM_KEYS: readonly string[] = [
  "entry",
  "final_satisfaction",
  ...new Set(builtInForms.map((form) => form.key)),
];

export interface LoadedRoadmapTemplate {
  template: RoadmapTemplate;
  titles: StageTitles;
}

export async function loadRoadmapTemplateFile(
  file: string,
  options: { knownForms?: readonly string[] } = {},
): Promise<LoadedRoadmapTemplate> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (cause) {
    throw new RoadmapTemplateError([`${file}: cannot be read (${(cause as Error).message})`]);
  }
  return parseRoadmapTemplate(file, source, options.knownForms ?? STAGE_FORM_KEYS);
}

export function parseRoadmapTemplate(
  file: string,
  source: string,
  knownForms: readonly string[] = STAGE_FORM_KEYS,
): LoadedRoadmapTemplate {
  const fail = (...lines: string[]) => new RoadmapTemplateError(lines.map((line) => `${file}: ${line}`));
  let raw: unknown;
  if (/\.json$/i.test(file)) {
    try {
      raw = JSON.parse(source);
    } catch (error) {
      throw fail(`invalid JSON: ${(error as Error).message}`);
    }
  } else {
    const document = parseDocument(source);
    if (document.errors.length > 0) {
      throw fail(...document.errors.map((e) => `invalid YAML: ${e.message.split("\n")[0]}`));
    }
    raw = document.toJS();
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw fail("(top level): must be one template: a mapping with key, stages and texts");
  }
  const { texts: rawTexts, ...rawTemplate } = raw as Record<string, unknown>;
  const template = roadmapTemplate.safeParse(rawTemplate);
  const parsedTexts = texts.safeParse(rawTexts ?? {});
  const problems = [
    ...(template.success ? [] : describeIssues(template.error)),
    ...(parsedTexts.success ? [] : describeIssues(parsedTexts.error, ["texts"])),
  ];
  if (!template.success || !parsedTexts.success) throw fail(...problems);

  const { stages, key } = template.data;
  if ((BUILT_IN_TEMPLATE_KEYS as readonly string[]).includes(key)) {
    problems.push(`key: ${key} is a built-in template; give yours another key`);
  }
  stages.forEach((stage, index) => {
    if (stage.action === "form" && !knownForms.includes(stage.form)) {
      problems.push(`stages.${index}.form: no form ${stage.form}; known: ${knownForms.join(", ")}`);
    }
  });
  const keys = new Set(stages.map((s) => s.key));
  for (const locale of LOCALES) {
    const own = parsedTexts.data[locale];
    const missing = stages.filter((s) => !(s.key in own)).map((s) => s.key);
    if (missing.length > 0) problems.push(`texts.${locale}: missing ${missing.join(", ")}`);
    for (const id of Object.keys(own)) {
      if (!keys.has(id)) problems.push(`texts.${locale}.${id}: no stage has this key`);
    }
  }
  if (problems.length > 0) throw fail(...problems);
  const titles: StageTitles = Object.fromEntries(
    stages.map((s) => [s.key, { ru: parsedTexts.data.ru[s.key]!, en: parsedTexts.data.en[s.key]! }]),
  );
  return { template: template.data, titles };
}
