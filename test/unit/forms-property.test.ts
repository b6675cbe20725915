import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { FormDefinition } from "../../src/core/forms/definition.js";
import type { Text } from "../../src/core/forms/types.js";
import { LOCALES, loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { fixtureForms } from "../fixtures/forms/definitions.js";
import { fuzzForm } from "../support/form-fuzz.js";

let translator: Translator;

beforeAll(async () => {
  translator = await loadTranslator();
  for (const locale of LOCALES) {
    const ftl = await readFile(new URL(`../fixtures/forms/${locale}.ftl`, import.meta.url), "utf8");
    translator.addMessages(locale, ftl, `fixtures/forms/${locale}.ftl`);
  }
});

/** Fails on a Text whose key is missing in a locale or whose arguments do not fill its message. */
function rendersEverywhere(translator: Translator) {
  return (text: Text) => {
    for (const locale of LOCALES) {
      expect(translator.has(locale, text.key), `${locale}: missing ${text.key}`).toBe(true);
      // Fluent throws on a variable the arguments do not supply.
      expect(() => translator.t(locale, text.key, text.args), `${locale}: ${text.key}`).not.toThrow();
    }
  };
}

function answerable(definition: FormDefinition): string[] {
  return definition.questions.filter((q) => q.kind !== "info").map((q) => q.key);
}

describe.each(fixtureForms.map((form) => [form.key, form] as const))(
  "fixture form %s under random input",
  (_, form) => {
    it("keeps every invariant, reaches submit and answers every question at some point", () => {
      const stats = fuzzForm(form, { runs: 200, checkText: rendersEverywhere(translator) });
      expect(stats.steps).toBeGreaterThan(1000);
      expect(stats.submitted).toBeGreaterThan(0);
      expect(stats.outcomes.invalid ?? 0).toBeGreaterThan(0);
      expect(stats.outcomes.stale ?? 0).toBeGreaterThan(0);
      expect([...stats.answered].sort()).toEqual(answerable(form).sort());
    });
  },
);
