import type { OrganisationKind } from "../storage/tables.js";
import { roadmapTemplate, type RoadmapStageTemplate, type RoadmapTemplate } from "./template.js";

/**
 * The built-in roadmap templates, from the source documents: the 34-step school roadmap and the
 * 10-step college roadmap of the Tomsk region order (seed 004), and the seven stages with their months
 * of the Sabinsky district roadmap (seed 001). Seed 004 leaves the dates blank, so the windows here
 * follow the order of the steps through one academic year: bases in autumn, pairs by December,
 * meetings in the second half-year, satisfaction and the after-evaluation in May, reporting in June.
 * Titles live in locales/*\/roadmap.ftl as roadmap-stage-<template>-<stage>.
 */

type Stage = RoadmapStageTemplate;
const curators = (key: string, opens: string, closes: string, check?: "consents" | "pairs"): Stage => ({
  key,
  audience: "curators",
  action: "curator_task",
  opens,
  closes,
  ...(check && { check }),
});
const form = (
  key: string,
  audience: Stage["audience"],
  formKey: string,
  opens: string,
  closes: string,
  subject?: string,
): Stage => ({ key, audience, action: "form", form: formKey, opens, closes, ...(subject && { subject }) });
const meeting = (
  key: string,
  type: "first" | "trial" | "planning" | "regular" | "final",
  opens: string,
  closes: string,
): Stage => ({ key, audience: "mentors", action: "meeting", meeting: type, opens, closes });
const information = (key: string, audience: Stage["audience"], opens: string, closes: string): Stage => ({
  key,
  audience,
  action: "information",
  opens,
  closes,
});

const school: RoadmapTemplate = {
  key: "school",
  stages: [
    curators("inform_teachers", "09-01", "09-15"),
    curators("inform_parents", "09-01", "09-20"),
    curators("meet_alumni", "09-10", "09-30"),
    curators("meet_students", "09-10", "09-30"),
    form("mentee_questionnaire", "mentees", "entry", "09-15", "10-15"),
    curators("mentee_requests", "09-20", "10-20", "consents"),
    curators("mentee_base", "10-01", "10-20"),
    curators("choose_form", "10-01", "10-15"),
    form("mentee_evaluation", "mentees", "growth_evaluation", "10-01", "10-31", "entry"),
    form("mentor_questionnaire", "mentors", "entry", "09-15", "10-15"),
    curators("mentor_base", "10-10", "10-31"),
    form("mentor_evaluation", "mentors", "growth_evaluation", "10-10", "10-31", "entry"),
    curators("mentor_interviews", "10-15", "11-10"),
    curators("trainers", "10-15", "11-10"),
    information("mentor_training", "mentors", "11-01", "11-30"),
    curators("group_meeting", "12-01", "12-10"),
    curators("preference_poll", "12-01", "12-15"),
    curators("matching", "12-05", "12-20", "pairs"),
    curators("pairs_announced", "12-10", "12-25", "pairs"),
    meeting("first_meeting", "first", "01-12", "01-31"),
    meeting("trial_meeting", "trial", "01-20", "02-15"),
    meeting("planning_meeting", "planning", "02-01", "02-28"),
    meeting("regular_meetings", "regular", "02-15", "04-30"),
    form("interim_feedback", "all", "interim_feedback", "03-01", "03-20"),
    meeting("final_meeting", "final", "04-20", "05-15"),
    curators("final_group_meeting", "05-10", "05-20"),
    form("satisfaction", "all", "final_satisfaction", "05-10", "05-25"),
    curators("ceremony_invitations", "05-10", "05-25"),
    information("ceremony", "all", "05-20", "05-31"),
    curators("quality_monitoring", "05-20", "06-10"),
    form("exit_evaluation", "all", "growth_evaluation", "05-15", "05-31", "exit"),
    curators("cases", "06-01", "06-20"),
    curators("publication", "06-01", "06-30"),
    curators("base_update", "06-10", "06-30"),
  ],
};

const college: RoadmapTemplate = {
  key: "college",
  stages: [
    curators("inform_teachers", "09-01", "09-15"),
    curators("meet_students", "09-05", "09-20"),
    form("entry_questionnaire", "all", "entry", "09-15", "10-15"),
    curators("requests_consents", "09-20", "10-20", "consents"),
    curators("bases", "10-10", "10-31"),
    curators("choose_form", "10-15", "10-31"),
    curators("navigator_meetings", "11-01", "11-30"),
    form("final_questionnaire", "all", "final_satisfaction", "05-10", "05-31"),
    curators("reporting", "06-01", "06-15"),
    curators("publication", "06-01", "06-30"),
  ],
};

/** Seed 001's seven stages and months; the mentoring stage asks for regular meetings. */
const sevenStages: RoadmapTemplate = {
  key: "seven_stages",
  stages: [
    curators("preparation", "09-01", "09-30"),
    form("mentee_base", "mentees", "entry", "10-01", "11-30"),
    form("mentor_base", "mentors", "entry", "10-01", "11-30"),
    information("mentor_training", "mentors", "09-15", "11-30"),
    curators("matching", "10-01", "11-30", "pairs"),
    meeting("mentoring", "regular", "12-01", "05-15"),
    form("completion", "all", "final_satisfaction", "05-15", "06-30"),
  ],
};

/** Parsed when this module loads: a mistake in a built-in template is a bug and fails every test. */
export const BUILT_IN_TEMPLATES: readonly RoadmapTemplate[] = [school, college, sevenStages].map((t) =>
  roadmapTemplate.parse(t),
);

export type BuiltInTemplateKey = "school" | "college" | "seven_stages";
export const BUILT_IN_TEMPLATE_KEYS = ["school", "college", "seven_stages"] as const;

export function builtInTemplate(key: string): RoadmapTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((template) => template.key === key);
}

/** A college walks the college roadmap; schools and everyone else the school one. */
export function defaultTemplateFor(kind: OrganisationKind): BuiltInTemplateKey {
  return kind === "college" ? "college" : "school";
}
