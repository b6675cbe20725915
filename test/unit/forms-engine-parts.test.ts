import { describe, expect, it } from "vitest";
import { evaluateCondition } from "../../src/core/forms/conditions.js";
import { addDays, parseDate, todayIn } from "../../src/core/forms/dates.js";
import { formDefinition, type Condition } from "../../src/core/forms/definition.js";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import { ENGINE_MESSAGES, ENGINE_PREFIX } from "../../src/core/forms/texts.js";
import { cleanText, parseNumber, parseYesNo } from "../../src/core/forms/typed.js";
import { LOCALES, loadTranslator } from "../../src/i18n/translator.js";
import { branching, kitchenSink, kitchenSinkV2 } from "../fixtures/forms/definitions.js";

describe("show-if conditions", () => {
  const answers = {
    role: "pupil",
    grade: 9,
    happened: false,
    needs: ["exams", "career"],
    empty: [] as string[],
  };
  const cases: [Condition, boolean][] = [
    [{ question: "role", equals: "pupil" }, true],
    [{ question: "role", equals: "teacher" }, false],
    [{ question: "happened", equals: false }, true],
    [{ question: "grade", equals: "9" }, false],
    [{ question: "role", notEquals: "teacher" }, true],
    [{ question: "role", notEquals: "pupil" }, false],
    // Nothing to compare: a skipped question satisfies neither equals nor notEquals.
    [{ question: "missing", notEquals: "x" }, false],
    [{ question: "missing", equals: "x" }, false],
    [{ question: "role", in: ["teacher", "pupil"] }, true],
    [{ question: "grade", in: [8, 10] }, false],
    [{ question: "needs", in: ["sport", "career"] }, true],
    [{ question: "needs", includes: "exams" }, true],
    [{ question: "needs", includes: "sport" }, false],
    [{ question: "role", includes: "pupil" }, true],
    [{ question: "role", answered: true }, true],
    [{ question: "missing", answered: false }, true],
    [{ question: "missing", answered: true }, false],
    [{ question: "grade", atLeast: 9 }, true],
    [{ question: "grade", atLeast: 10 }, false],
    [{ question: "grade", atMost: 9 }, true],
    [{ question: "needs", atLeast: 2 }, true],
    [{ question: "empty", atMost: 0 }, true],
    [{ question: "role", atLeast: 1 }, false],
    [
      {
        all: [
          { question: "role", equals: "pupil" },
          { question: "grade", atLeast: 9 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { question: "role", equals: "pupil" },
          { question: "grade", atLeast: 10 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { question: "role", equals: "teacher" },
          { question: "needs", includes: "career" },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { question: "role", equals: "teacher" },
          { question: "missing", answered: true },
        ],
      },
      false,
    ],
  ];
  it.each(cases)("%j → %s", (condition, expected) => {
    expect(evaluateCondition(condition, answers)).toBe(expected);
  });
});

describe("registry", () => {
  it("keeps every version, serves the latest for new sessions and the exact one for old", () => {
    const registry = createFormRegistry([kitchenSinkV2, branching, kitchenSink]);
    expect(registry.latest("kitchen_sink")).toBe(kitchenSinkV2);
    expect(registry.get("kitchen_sink", 1)).toBe(kitchenSink);
    expect(registry.get("kitchen_sink", 3)).toBeUndefined();
    expect(registry.latest("nope")).toBeUndefined();
    expect(registry.all().map((d) => `${d.key}@${d.version}`)).toEqual([
      "branching@1",
      "kitchen_sink@1",
      "kitchen_sink@2",
    ]);
  });

  it("refuses the same key and version twice", () => {
    expect(() => createFormRegistry([kitchenSink, branching, { ...kitchenSink }])).toThrow(
      /kitchen_sink version 1/,
    );
  });
});

describe("definition limits for button payloads", () => {
  it("refuses question keys over 32 and option values over 24 characters", () => {
    const base = {
      key: "f",
      version: 1,
      audience: "any",
      title: "t",
      questions: [{ key: "q", kind: "yes_no", text: "t" }],
    };
    expect(formDefinition.safeParse(base).success).toBe(true);
    const longKey = { ...base, questions: [{ key: "q".repeat(33), kind: "yes_no", text: "t" }] };
    expect(formDefinition.safeParse(longKey).success).toBe(false);
    // Answers are kept in plain objects: a key of Object.prototype's would read as answered.
    const reserved = { ...base, questions: [{ key: "constructor", kind: "yes_no", text: "t" }] };
    expect(formDefinition.safeParse(reserved).success).toBe(false);
    const prototypeSource = {
      ...base,
      questions: [{ key: "q", kind: "pick", text: "t", source: "constructor" }],
    };
    expect(formDefinition.safeParse(prototypeSource).success).toBe(false);
    const option = (value: string) => ({
      ...base,
      questions: [
        {
          key: "q",
          kind: "single_choice",
          text: "t",
          options: [
            { value, label: "a" },
            { value: "b", label: "b" },
          ],
        },
      ],
    });
    expect(formDefinition.safeParse(option("v".repeat(24))).success).toBe(true);
    expect(formDefinition.safeParse(option("v".repeat(25))).success).toBe(false);
  });
});

describe("typed input", () => {
  it("reads numbers people type", () => {
    expect(parseNumber("1 000,5")).toBe(1000.5);
    expect(parseNumber("1\u00a0000")).toBe(1000);
    expect(parseNumber("+3")).toBe(3);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("1,5,5")).toBeUndefined();
    expect(parseNumber("Infinity")).toBeUndefined();
    expect(parseNumber("1e309")).toBeUndefined();
    expect(parseNumber("")).toBeUndefined();
  });

  it("reads yes and no", () => {
    expect(parseYesNo("ДА")).toBe(true);
    expect(parseYesNo("yes.")).toBe(true);
    expect(parseYesNo("Нет!")).toBe(false);
    expect(parseYesNo("данет")).toBeUndefined();
  });

  it("cleans text for storage", () => {
    expect(cleanText("\u0000 a\tb\nc \u001b")).toBe("a\tb\nc");
    expect(cleanText("x\udc00")).toBe("x\ufffd");
  });

  it("reads dates and computes days across months, years and leap days", () => {
    expect(parseDate("29.02.2028", "2028-01-01")).toBe("2028-02-29");
    expect(parseDate("29.02.2027", "2027-01-01")).toBeUndefined();
    expect(parseDate("1/3/2027", "2027-01-01")).toBe("2027-03-01");
    expect(parseDate("01.01.1899", "2027-01-01")).toBeUndefined();
    expect(parseDate("Завтра", "2026-12-31")).toBe("2027-01-01");
    // Names of Object.prototype members are text like any other, not shortcuts (a fuzz run found this).
    for (const word of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(parseDate(word, "2026-11-23")).toBeUndefined();
    }
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(todayIn(new Date("2026-12-31T21:00:00Z"), "Europe/Moscow")).toBe("2027-01-01");
    expect(todayIn(new Date("2026-12-31T21:00:00Z"), "Europe/Kaliningrad")).toBe("2026-12-31");
    expect(() => todayIn(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("engine texts", () => {
  it("every engine message exists in every locale, and the file holds no others", async () => {
    const translator = await loadTranslator();
    for (const locale of LOCALES) {
      for (const name of ENGINE_MESSAGES) {
        expect(translator.has(locale, ENGINE_PREFIX + name), `${locale}: ${name}`).toBe(true);
      }
      const defined = translator.keys(locale).filter((k) => k.startsWith(ENGINE_PREFIX));
      expect(defined.sort()).toEqual(ENGINE_MESSAGES.map((n) => ENGINE_PREFIX + n).sort());
    }
  });

  it("renders dates and plurals in both languages", async () => {
    const translator = await loadTranslator();
    const args = { day: "5", month: 3, year: "2026" };
    expect(translator.t("ru", "forms-engine-date", args)).toBe("5 марта 2026");
    expect(translator.t("en", "forms-engine-date", args)).toBe("5 March 2026");
    expect(translator.t("ru", "forms-engine-invalid-multiple-min", { min: 2 })).toBe(
      "Выберите хотя бы 2 варианта.",
    );
    expect(translator.t("ru", "forms-engine-number", { value: 1.5 })).toBe("1,5");
    expect(translator.t("ru", "forms-engine-progress", { current: 3, total: 12 })).toBe("Вопрос 3 из 12");
  });

  it("fixture forms are valid definitions", () => {
    expect(kitchenSink.questions.map((q) => q.kind)).toEqual(
      expect.arrayContaining([
        "info",
        "single_choice",
        "multiple_choice",
        "scale",
        "text",
        "number",
        "date",
        "yes_no",
        "pick",
        "ranking",
      ]),
    );
  });
});
