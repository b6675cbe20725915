import type { FormDefinitionInput } from "../core/forms/definition.js";
import { FORM_SOURCES } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("preference_poll");

/**
 * Asked after the group meeting (stage "формирование пар и групп"): mentees rank mentors and mentors
 * rank mentees. The `group_meeting_candidates` source lists the other side's people present at the
 * meeting the session is about; the ranking (first = most preferred) feeds the stable matching.
 */
export const preferencePoll = {
  key: "preference_poll",
  version: 1,
  audience: "any",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    {
      key: "preferences",
      kind: "ranking",
      text: t.id("preferences"),
      hint: t.id("preferences", "hint"),
      source: FORM_SOURCES.groupMeetingCandidates,
      minChoices: 1,
      maxChoices: 3,
      // Five names a page: with page turns, «back», «undo» and «done» that is ten buttons, what a VK
      // message holds and can still redraw in place.
      pageSize: 5,
    },
    {
      key: "comment",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("comment"),
      maxLength: 1000,
    },
  ],
} satisfies FormDefinitionInput;
