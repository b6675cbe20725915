import { beforeAll, describe, expect, it } from "vitest";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import type { Input, Result } from "../../src/core/forms/types.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { renderFormPrompts } from "../../src/journey/render-form.js";
import { MOSCOW } from "../fixtures/forms/driver.js";

// A channel whose messages hold few buttons (VK: 10) gets a long choice or scale a page at a time.
let translator: Translator;
beforeAll(async () => {
  translator = await loadTranslator();
});

const growth = builtInForms.find((f) => f.key === "growth_evaluation")!;
const send = (r: Result, input: Input) => handleInput(growth, r.state, input, MOSCOW);
const labels = (r: Result, maxButtons?: number) => {
  const messages = renderFormPrompts(r.prompts, {
    session: 1,
    locale: "ru",
    translator,
    ...(maxButtons !== undefined && { presentation: { maxButtons } }),
  });
  return (messages.at(-1)!.buttons ?? []).map((row) => row.map((b) => b.label));
};

describe("a 1-10 scale with «back» on a channel of 10 buttons a message", () => {
  const second = () =>
    send(startForm(growth, MOSCOW), { type: "choose", question: "confidence", value: "7" });

  it("shows 1-5 with «next», then 6-10 with «previous», and takes an answer from the second page", () => {
    const first = second();
    expect(labels(first, 10)).toEqual([["1", "2", "3", "4", "5"], ["Следующие ▶"], ["← Назад"]]);
    const turned = send(first, { type: "page", question: "motivation", page: 1 });
    expect(turned.outcome).toBe("updated");
    expect(labels(turned, 10)).toEqual([["6", "7", "8", "9", "10"], ["◀ Предыдущие"], ["← Назад"]]);
    const answered = send(turned, { type: "choose", question: "motivation", value: "8" });
    expect(answered.outcome).toBe("accepted");
    expect(answered.state.answers.motivation).toBe(8);
  });

  it("shows the whole scale where buttons are not counted, and the first question (no «back») whole", () => {
    expect(labels(second()).flat()).toHaveLength(11);
    expect(labels(startForm(growth, MOSCOW), 10).flat()).toHaveLength(10);
  });

  it("refuses a page past the last option as stale", () => {
    expect(send(second(), { type: "page", question: "motivation", page: 10 }).outcome).toBe("stale");
  });
});
