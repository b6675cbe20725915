import { COMMANDS } from "../../src/journey/commands.js";
import { beforeAll, describe, expect, it } from "vitest";
import { formDefinition } from "../../src/core/forms/definition.js";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import type { AnswerDisplay, SummaryPrompt, Text } from "../../src/core/forms/types.js";
import { UNIT_PEOPLE, UNIT_YEARS } from "../../src/forms/common.js";
import { menteeEntryPupil } from "../../src/forms/mentee-entry-pupil.js";
import { loadTranslator, nestQuotes, type Locale, type Translator } from "../../src/i18n/translator.js";
import { renderAnswer, renderFormPrompts } from "../../src/journey/render-form.js";
import { fixtureSources, kitchenSink } from "../fixtures/forms/definitions.js";
import { MOSCOW, text } from "../fixtures/forms/driver.js";

// Texts a person reads, rendered through the real locales: numbers agree with their units, buttons
// say a thing once, and an example never contradicts the question.

let translator: Translator;
beforeAll(async () => {
  translator = await loadTranslator();
});

const tr = (locale: Locale) => (text: Text) => translator.t(locale, text.key, text.args);

function withUnit(value: number, unit: string): AnswerDisplay {
  return {
    type: "value",
    text: { key: "forms-engine-number", args: { value } },
    raw: String(value),
    unit: { key: unit, args: { value } },
  };
}

const plain = (s: string) => s.replace(/[\u2068\u2069]/g, "");

describe("a number with its unit", () => {
  it("takes the plural form of its number in Russian", () => {
    const read = (n: number) => plain(renderAnswer(withUnit(n, UNIT_YEARS), tr("ru")));
    expect(read(1)).toBe("1 год");
    expect(read(21)).toBe("21 год");
    expect(read(22)).toBe("22 года");
    expect(read(4)).toBe("4 года");
    expect(read(5)).toBe("5 лет");
    expect(read(11)).toBe("11 лет");
  });

  it("takes the plural form of its number in English", () => {
    const read = (n: number, unit: string) => plain(renderAnswer(withUnit(n, unit), tr("en")));
    expect(read(1, UNIT_YEARS)).toBe("1 year");
    expect(read(22, UNIT_YEARS)).toBe("22 years");
    expect(read(1, UNIT_PEOPLE)).toBe("1 person");
    expect(read(3, UNIT_PEOPLE)).toBe("3 people");
  });
});

describe("the summary's fix buttons", () => {
  it("name the answer's number once", () => {
    const summary: SummaryPrompt = {
      type: "summary",
      question: "_summary",
      title: { key: "app-name" },
      heading: { key: "forms-engine-summary-heading" },
      items: [1, 2].map((n) => ({
        question: `q${n}`,
        text: { key: "forms-engine-raw", args: { value: `Q${n}` } },
        answer: { type: "value", text: { key: "forms-engine-raw", args: { value: "A" } }, raw: "A" },
        fix: {
          label: { key: "forms-engine-fix", args: { number: n } },
          input: { type: "edit", question: `q${n}` },
        },
      })),
      actions: [],
    };
    for (const locale of ["ru", "en"] as const) {
      const [message] = renderFormPrompts([summary], { session: 1, locale, translator });
      const labels = (message?.buttons ?? []).flat().map((b) => plain(b.label));
      expect(labels).toHaveLength(2);
      for (const [i, label] of labels.entries()) {
        expect(label.match(/\d+/g), label).toEqual([String(i + 1)]);
      }
    }
  });
});

describe("a number that cannot be read", () => {
  const form = (integer: boolean) =>
    formDefinition.parse({
      key: "texts_fixture",
      version: 1,
      audience: "any",
      title: "app-name",
      questions: [{ key: "n", kind: "number", text: "app-name", integer }],
    });

  const refusal = (integer: boolean, locale: Locale) => {
    const definition = form(integer);
    const started = startForm(definition, MOSCOW);
    const refused = handleInput(definition, started.state, text("полтора"), MOSCOW);
    const notice = refused.prompts.find((p) => p.type === "notice");
    expect(notice).toBeDefined();
    return plain(renderFormPrompts([notice!], { session: 1, locale, translator })[0]!.text);
  };

  it("suggests no fraction when the question wants a whole number", () => {
    expect(refusal(true, "ru")).not.toContain("1,5");
    expect(refusal(true, "en")).not.toContain("1.5");
    expect(refusal(true, "ru")).toContain("12");
  });

  it("suggests a fraction when fractions are allowed", () => {
    expect(refusal(false, "ru")).toContain("1,5");
    expect(refusal(false, "en")).toContain("1.5");
  });
});

describe("an option that excludes the others", () => {
  const definition = formDefinition.parse({
    key: "exclusive_fixture",
    version: 1,
    audience: "any",
    title: "app-name",
    questions: [
      {
        key: "kind",
        kind: "multiple_choice",
        text: "app-name",
        min: 1,
        options: [
          { value: "a", label: "app-name" },
          { value: "b", label: "app-name" },
          { value: "any", label: "app-name", exclusive: true },
        ],
      },
    ],
  });
  const draftOf = (r: ReturnType<typeof startForm>) => r.state.draft?.selected;
  const tap = (r: ReturnType<typeof startForm>, value: string) =>
    handleInput(definition, r.state, { type: "choose", question: "kind", value }, MOSCOW);

  it("clears the others when ticked, and is cleared when another is ticked", () => {
    const two = tap(tap(startForm(definition, MOSCOW), "a"), "b");
    expect(draftOf(two)).toEqual(["a", "b"]);
    const any = tap(two, "any");
    expect(draftOf(any)).toEqual(["any"]);
    expect(draftOf(tap(any, "b"))).toEqual(["b"]);
  });

  it("is refused together with others when typed as numbers", () => {
    const r = handleInput(definition, startForm(definition, MOSCOW).state, text("1, 3"), MOSCOW);
    expect(r.outcome).toBe("invalid");
    expect(r.state.answers.kind).toBeUndefined();
    const accepted = handleInput(definition, startForm(definition, MOSCOW).state, text("3"), MOSCOW);
    expect(accepted.state.answers.kind).toEqual(["any"]);
  });

  it("is how the pupil's «Неважно» for a mentor works", () => {
    const question = menteeEntryPupil.questions.find((q) => q.key === "mentor_kind");
    expect(
      question?.kind === "multiple_choice" && question.options.find((o) => o.value === "any"),
    ).toMatchObject({
      exclusive: true,
    });
  });
});

describe("quotes inside quotes", () => {
  it("are „…“ inside «…», in a translated message and on their own", () => {
    const program = translator.t("ru", "cli-demo-program");
    const joined = plain(translator.t("ru", "journey-invite-already", { program }));
    expect(joined).toContain("«Наставничество „учитель — ученик“»");
    expect(nestQuotes("«a» и «b»")).toBe("«a» и «b»");
    expect(nestQuotes("«a «b «c»» d»")).toBe("«a „b „c““ d»");
    expect(nestQuotes("a» «b")).toBe("a» «b");
  });
});

describe("/help", () => {
  it("names only commands the bot has", () => {
    const known = new Set<string>([...COMMANDS.everyone, ...COMMANDS.curator]);
    for (const locale of ["ru", "en"] as const) {
      const named = [...translator.t(locale, "journey-help").matchAll(/\/([a-z_]+)/g)].map((m) => m[1]!);
      expect(named.length).toBeGreaterThan(5);
      expect(named.filter((command) => !known.has(command))).toEqual([]);
    }
  });
});

describe("the question total", () => {
  it("says why it changed when an answer shows more questions", () => {
    const started = startForm(kitchenSink, { ...MOSCOW, sources: fixtureSources });
    const before = started.prompts.find((p) => p.type === "question")!.progress.total;
    const next = handleInput(
      kitchenSink,
      started.state,
      { type: "choose", question: "role", value: "pupil" },
      MOSCOW,
    );
    const question = next.prompts.find((p) => p.type === "question")!;
    expect(question.progress.total).toBe(before + 1);
    const line = plain(renderFormPrompts([question], { session: 1, locale: "ru", translator })[0]!.text);
    expect(line.split("\n")[0]).toBe(`Вопрос 2 из ${before + 1} (после вашего ответа добавился 1 вопрос)`);
    const en = plain(renderFormPrompts([question], { session: 1, locale: "en", translator })[0]!.text);
    expect(en.split("\n")[0]).toBe(`Question 2 of ${before + 1} (your answer added 1 question)`);
  });

  it("stays plain when the answer changes nothing", () => {
    const started = startForm(kitchenSink, { ...MOSCOW, sources: fixtureSources });
    const next = handleInput(
      kitchenSink,
      started.state,
      { type: "choose", question: "role", value: "teacher" },
      MOSCOW,
    );
    expect(next.prompts.find((p) => p.type === "question")!.progress.text.key).toBe("forms-engine-progress");
  });
});
