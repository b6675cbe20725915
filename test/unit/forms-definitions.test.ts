import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  definitionLocaleKeys,
  formDefinition,
  type FormDefinition,
} from "../../src/core/forms/definition.js";
import { builtInForms, FORM_KEYS, FORM_SOURCES } from "../../src/forms/index.js";
import { kebab } from "../../src/forms/ids.js";
import { parseFormDefinition } from "../../src/forms/parse.js";
import { LOCALES, loadTranslator, type Translator } from "../../src/i18n/translator.js";

const localesDir = path.resolve(import.meta.dirname, "../../locales");

/** The .ftl files these forms own: forms-common.ftl and one forms-<form-key>.ftl per form. */
const ownedFiles = ["forms-common.ftl", ...builtInForms.map((f) => `forms-${kebab(f.key)}.ftl`)];

/** Message ids of each owned file of a locale, read straight from the files. */
async function formMessageIds(locale: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const file of ownedFiles) {
    const source = await readFile(path.join(localesDir, locale, file), "utf8");
    for (const match of source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)) ids.set(match[1]!, file);
  }
  return ids;
}

/** Every id a form uses for its own wording (not the scale ends and units, which are meant to repeat). */
function wordingIds(form: FormDefinition): string[] {
  const ids = [form.title, ...(form.intro ? [form.intro] : [])];
  for (const q of form.questions) {
    ids.push(q.text);
    if (q.hint) ids.push(q.hint);
    if ("options" in q && q.options) ids.push(...q.options.map((o) => o.label));
  }
  return ids;
}

describe("built-in forms", () => {
  let translator: Translator;
  beforeAll(async () => {
    translator = await loadTranslator();
  });

  it("are exactly the forms FORM_KEYS names, each version once, older versions after the latest", () => {
    const versions = builtInForms.map((f) => `${f.key}@${f.version}`);
    expect(new Set(versions).size).toBe(versions.length);
    expect([...new Set(builtInForms.map((f) => f.key))].sort()).toEqual(Object.values(FORM_KEYS).sort());
    // The check-in's version 2 made attendance a multiple pick and the topics tappable.
    expect(versions.filter((v) => !v.endsWith("@1"))).toEqual(["meeting_checkin@2"]);
    const first = (key: string) => builtInForms.find((f) => f.key === key)!.version;
    expect(first("meeting_checkin")).toBe(2);
  });

  it("pass the zod schema as exported (parsing again changes nothing)", () => {
    for (const form of builtInForms) {
      expect(formDefinition.parse(form), form.key).toEqual(form);
    }
  });

  it("refuse a broken built-in with the form and the path named", () => {
    const [first] = builtInForms;
    const broken = { ...first!, questions: [{ key: "x", kind: "scale", text: "form-x", min: 1, max: 42 }] };
    expect(() => parseFormDefinition(broken, `built-in form ${first!.key}`)).toThrow(
      new RegExp(`^built-in form ${first!.key}: questions\\.0\\.max: `),
    );
  });

  it("use only snake_case keys, short lowercase option values and labelled scale ends", () => {
    for (const form of builtInForms) {
      for (const q of form.questions) {
        if ("options" in q && q.options) {
          for (const o of q.options) {
            expect(o.value.length, `${form.key}.${q.key}=${o.value}`).toBeLessThanOrEqual(24);
            expect(o.value, `${form.key}.${q.key}`).toMatch(/^[a-z0-9_]+$/);
          }
        }
        if (q.kind === "scale") {
          expect(q.minLabel, `${form.key}.${q.key}.minLabel`).toBeDefined();
          expect(q.maxLabel, `${form.key}.${q.key}.maxLabel`).toBeDefined();
        }
      }
    }
  });

  it("name only the run-time sources the product provides", () => {
    const known = new Set<string>(Object.values(FORM_SOURCES));
    const used = builtInForms.flatMap((f) =>
      f.questions.flatMap((q) => ("source" in q && q.source ? [`${f.key}.${q.key}:${q.source}`] : [])),
    );
    expect(used.filter((u) => !known.has(u.split(":")[1]!))).toEqual([]);
    expect(used.length).toBeGreaterThan(0);
  });

  it("never reuse one message id for two different texts of a form", () => {
    for (const form of builtInForms) {
      const ids = wordingIds(form);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(repeated, form.key).toEqual([]);
    }
  });

  it("have every message id they use in both ru and en", () => {
    const missing: string[] = [];
    for (const form of builtInForms) {
      for (const key of definitionLocaleKeys(form)) {
        for (const locale of LOCALES) {
          if (!translator.has(locale, key)) missing.push(`${locale}/${key} (${form.key})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("render every text they use to real words in both languages", () => {
    for (const form of builtInForms) {
      for (const key of definitionLocaleKeys(form)) {
        for (const locale of LOCALES) {
          const text = translator.t(locale, key);
          expect(text, `${locale}/${key}`).not.toBe(key);
          expect(text.trim().length, `${locale}/${key}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("leave no orphan id in locales/*/forms-*.ftl", async () => {
    const used = new Set(builtInForms.flatMap(definitionLocaleKeys));
    for (const locale of LOCALES) {
      const ids = await formMessageIds(locale);
      expect(ids.size).toBeGreaterThan(0);
      const orphans = [...ids]
        .filter(([id]) => !used.has(id))
        .map(([id, file]) => `${locale}/${file}: ${id}`);
      expect(orphans).toEqual([]);
      // An id names its file: form-<key>-… lives in forms-<key>.ftl, so a text is found without a search.
      const misplaced = [...ids]
        .filter(([id, file]) => !id.startsWith(`${file.replace(/^forms-(.*)\.ftl$/, "form-$1")}-`))
        .map(([id, file]) => `${locale}/${file}: ${id}`);
      expect(misplaced).toEqual([]);
    }
  });
});
