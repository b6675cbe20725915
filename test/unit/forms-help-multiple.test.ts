import { beforeAll, describe, expect, it } from "vitest";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import type { Result } from "../../src/core/forms/types.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Locale, type Translator } from "../../src/i18n/translator.js";
import { renderFormPrompts } from "../../src/journey/render-form.js";
import { MOSCOW } from "../fixtures/forms/driver.js";

// A multiple choice's help gives a count, never "(1 to 7)", which beside seven options reads as their numbers.
let translator: Translator;
beforeAll(async () => {
  translator = await loadTranslator();
});

const pupil = builtInForms.find((f) => f.key === "mentee_entry_pupil")!;
const text = (r: Result, locale: Locale) =>
  renderFormPrompts(r.prompts, { session: 1, locale, translator }).at(-1)!.text;

describe("the help under a multiple choice", () => {
  const needs = () =>
    handleInput(
      pupil,
      startForm(pupil, MOSCOW).state,
      { type: "choose", question: "grade", value: "8" },
      MOSCOW,
    );
  const interests = () => handleInput(pupil, needs().state, { type: "text", text: "1" }, MOSCOW);

  it("names the most one may tick when that is fewer than all", () => {
    expect(text(needs(), "ru")).toContain("Отметьте до 3 вариантов и нажмите «Готово».");
    expect(text(needs(), "en")).toContain('Tick up to 3 options and press "Done".');
  });

  it("asks for all that apply when any number may be ticked", () => {
    expect(text(interests(), "ru")).toContain("Отметьте все подходящие варианты и нажмите «Готово».");
    expect(text(interests(), "ru")).not.toMatch(/\(от 1 до \d+\)/);
    expect(text(interests(), "en")).toContain('Tick every option that applies and press "Done".');
  });
});
