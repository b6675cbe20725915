import { beforeAll, describe, expect, it } from "vitest";
import { formDefinition } from "../../src/core/forms/definition.js";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import type { Result } from "../../src/core/forms/types.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { renderFormPrompts } from "../../src/journey/render-form.js";
import { MOSCOW } from "../fixtures/forms/driver.js";

// After a group meeting of a whole class the poll lists many names: every page of it must fit the
// ten buttons of a VK message, or each tap would send the question again instead of redrawing it.
let translator: Translator;
beforeAll(async () => {
  translator = await loadTranslator();
});

const poll = builtInForms.find((f) => f.key === "preference_poll")!;
const candidates = Array.from({ length: 23 }, (_, i) => ({
  value: String(100 + i),
  label: { key: "pairing-candidate", args: { name: `Участник ${i + 1}` } },
}));
const context = { ...MOSCOW, sources: { group_meeting_candidates: candidates } };
const buttonCount = (r: Result) =>
  (
    renderFormPrompts(r.prompts, {
      session: 1,
      locale: "ru",
      translator,
      presentation: { maxButtons: 10 },
    }).at(-1)!.buttons ?? []
  ).flat().length;

describe("the preference poll on a channel of ten buttons a message", () => {
  it("keeps every page, with picks made and turned pages, within ten buttons", () => {
    let result = startForm(poll, context);
    // The intro may come first; the ranking is the last prompt.
    expect(buttonCount(result)).toBeLessThanOrEqual(10);
    result = handleInput(
      poll,
      result.state,
      { type: "choose", question: "preferences", value: "101" },
      context,
    );
    expect(buttonCount(result)).toBeLessThanOrEqual(10);
    for (let page = 1; page < 5; page++) {
      result = handleInput(poll, result.state, { type: "page", question: "preferences", page }, context);
      expect(result.outcome).toBe("updated");
      expect(buttonCount(result)).toBeLessThanOrEqual(10);
    }
  });
});

describe("a group's attendance in the meeting check-in on a channel of ten buttons a message", () => {
  it("keeps every page within ten buttons, after «back» and «skip» are added", () => {
    const checkin = builtInForms
      .filter((f) => f.key === "meeting_checkin")
      .sort((a, b) => b.version - a.version)[0]!;
    const attendance = checkin.questions.find((q) => q.key === "attendance")!;
    const form = formDefinition.parse({
      key: "attendance_only",
      version: 1,
      audience: "any",
      title: checkin.title,
      questions: [{ key: "first", kind: "yes_no", text: checkin.title }, attendance],
    });
    const mentees = Array.from({ length: 17 }, (_, i) => ({
      value: String(200 + i),
      label: { key: "pairing-candidate", args: { name: `Наставляемый ${i + 1}` } },
    }));
    const ctx = { ...MOSCOW, sources: { pair_mentees: mentees } };
    let result = handleInput(
      form,
      startForm(form, ctx).state,
      { type: "choose", question: "first", value: "yes" },
      ctx,
    );
    expect(buttonCount(result)).toBeLessThanOrEqual(10);
    result = handleInput(form, result.state, { type: "choose", question: "attendance", value: "201" }, ctx);
    for (let page = 1; page < 4; page++) {
      result = handleInput(form, result.state, { type: "page", question: "attendance", page }, ctx);
      expect(result.outcome).toBe("updated");
      expect(buttonCount(result)).toBeLessThanOrEqual(10);
    }
  });
});
