import { beforeAll, describe, expect, it } from "vitest";
import { builtInForms } from "../../src/forms/index.js";
import { LOCALES, loadTranslator, type Translator } from "../../src/i18n/translator.js";
import type { Text } from "../../src/core/forms/types.js";
import { fuzzForm } from "../support/form-fuzz.js";

let translator: Translator;

beforeAll(async () => {
  translator = await loadTranslator();
});

/** Fails on a Text whose key is missing in a locale or whose arguments do not fill its message. */
function rendersEverywhere(text: Text): void {
  for (const locale of LOCALES) {
    expect(translator.has(locale, text.key), `${locale}: missing ${text.key}`).toBe(true);
    // Fluent throws on a variable the arguments do not supply.
    expect(() => translator.t(locale, text.key, text.args), `${locale}: ${text.key}`).not.toThrow();
  }
}

describe("built-in forms under random and hostile input", () => {
  it("there are built-in forms to test", () => {
    expect(builtInForms.length).toBeGreaterThan(0);
  });

  describe.each(builtInForms.map((form) => [`${form.key} v${form.version}`, form] as const))(
    "%s",
    (_, form) => {
      it("never corrupts the session or loses an answer, renders in ru and en, and can be submitted", () => {
        const stats = fuzzForm(form, { runs: 120, checkText: rendersEverywhere });
        expect(stats.submitted).toBeGreaterThan(0);
        expect(stats.outcomes.invalid ?? 0).toBeGreaterThan(0);
        expect(stats.outcomes.stale ?? 0).toBeGreaterThan(0);
        // Every question was answered in some run: the fuzzer explored the whole form, show-if branches included.
        const answerable = form.questions.filter((q) => q.kind !== "info").map((q) => q.key);
        expect(answerable.filter((key) => !stats.answered.has(key))).toEqual([]);
      });
    },
  );
});
