import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { definitionLocaleKeys } from "../../src/core/forms/definition.js";
import { builtInForms } from "../../src/forms/index.js";
import {
  loadForms,
  loadOperatorForms,
  mergeForms,
  OperatorFormsError,
  toFtl,
} from "../../src/forms/operator-forms.js";
import { LOCALES, loadTranslator, type Translator } from "../../src/i18n/translator.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/operator-forms");
const fixture = (name: string) => path.join(fixtures, name);

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "operator-forms-"));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A minimal valid YAML form; `extra` lines are appended under `texts.ru`/`texts.en` as given. */
function yamlForm(key: string, version: number, ids: { title: string; question: string }): string {
  return [
    `key: ${key}`,
    `version: ${version}`,
    "audience: any",
    `title: ${ids.title}`,
    "questions:",
    `  - { key: ok, kind: yes_no, text: ${ids.question} }`,
    "texts:",
    `  ru: { ${ids.title}: Заголовок, ${ids.question}: Всё хорошо? }`,
    `  en: { ${ids.title}: Title, ${ids.question}: All good? }`,
    "",
  ].join("\n");
}

describe("loadOperatorForms", () => {
  // Fresh each time: merging a folder adds its texts, which would then count as the product's.
  let translator: Translator;
  beforeEach(async () => {
    translator = await loadTranslator();
  });

  it("loads a folder of YAML and JSON forms whose texts then render through the translator", async () => {
    const operator = await loadOperatorForms(fixture("valid"), { knownMessages: translator });
    expect(operator.definitions.map((d) => `${d.key}@${d.version}`)).toEqual([
      "club_feedback@1",
      "mentee_entry_pupil@2",
    ]);
    // Defaults are filled in as for built-ins: the definitions are parsed, not just read.
    const wish = operator.definitions[0]!.questions.find((q) => q.key === "wish");
    expect(wish).toMatchObject({ kind: "text", long: true, optional: true, minLength: 1 });

    const forms = mergeForms({ operator, translator });
    expect(forms).toHaveLength(builtInForms.length + 2);
    expect(translator.t("ru", "club-feedback-title")).toBe("Отзыв о кружке робототехники");
    expect(translator.t("en", "op-pupil-dream-job")).toBe("What is your dream job?");
    // Plain text stays plain: braces and a leading "*" are not Fluent syntax in an operator text.
    expect(translator.t("ru", "club-feedback-rating-max")).toBe("Очень интересно {честно}");
    expect(translator.t("en", "club-feedback-wish")).toBe(
      "What would you like to learn next?\n* you can skip this",
    );
    for (const form of operator.definitions) {
      for (const id of definitionLocaleKeys(form)) {
        for (const locale of LOCALES) expect(translator.has(locale, id), `${locale}/${id}`).toBe(true);
      }
    }
  });

  it("returns one Fluent source per file and locale, named after the file", async () => {
    const operator = await loadOperatorForms(fixture("valid"), { knownMessages: translator });
    expect(operator.messages.map((m) => `${m.locale} ${path.basename(m.origin)}`)).toEqual([
      "ru club-feedback.yaml",
      "en club-feedback.yaml",
      "ru mentee-entry-pupil-v2.json",
      "en mentee-entry-pupil-v2.json",
    ]);
  });

  it("without the product's texts, requires a form to carry every text it uses", async () => {
    // The JSON fixture reuses form-mentee-entry-pupil-* ids that only the product's locales define.
    const error = await loadOperatorForms(fixture("valid")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperatorFormsError);
    expect((error as Error).message).toMatch(
      /mentee-entry-pupil-v2\.json: texts\.ru: missing "form-mentee-entry-pupil-title"/,
    );
    expect((error as Error).message).not.toMatch(/club-feedback\.yaml/);
  });

  // Broken syntax is written at run time: as fixture files it would fail the repository's format check.
  it("rejects invalid YAML, naming the file and the line", async () => {
    const dir = await folderWith({
      "broken.yaml": "key: broken\nversion: 1\nquestions:\n  - key: q\n    kind: yes_no\n     text: q\n",
    });
    await expect(loadOperatorForms(dir)).rejects.toThrow(
      /broken\.yaml: invalid YAML: .* at line 5, column \d+/,
    );
  });

  it("rejects invalid JSON, naming the file", async () => {
    const dir = await folderWith({ "broken.json": '{ "key": "broken_json", "version": 1, }' });
    await expect(loadOperatorForms(dir)).rejects.toThrow(/broken\.json: invalid JSON: /);
  });

  it("rejects a schema error with the path inside the file", async () => {
    await expect(loadOperatorForms(fixture("bad-schema"))).rejects.toThrow(
      /bad-schema[/\\]schema\.yaml: questions\.1\.options: .*2/,
    );
  });

  it("rejects a form whose English texts miss an id it uses", async () => {
    const error = await loadOperatorForms(fixture("missing-en")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperatorFormsError);
    expect((error as OperatorFormsError).problems).toEqual([
      `${fixture("missing-en")}${path.sep}missing-en.yaml: texts.en: missing "missing-en-ok-hint"`,
    ]);
  });

  it("rejects a showIf pointing at a later question", async () => {
    await expect(loadOperatorForms(fixture("show-if-later"))).rejects.toThrow(
      /show-if-later\.yaml: questions\.0\.showIf: refers to "happy", which is not an earlier question/,
    );
  });

  it("rejects a form with the key and version of a built-in", async () => {
    await expect(loadOperatorForms(fixture("duplicate-builtin"))).rejects.toThrow(
      /duplicate\.yaml: version: the built-in form interim_feedback is at version 1/,
    );
  });

  it("accepts a built-in key at a higher version only", async () => {
    const dir = await folderWith({
      "v2.yaml": yamlForm("interim_feedback", 2, { title: "a-t", question: "a-q" }),
    });
    const operator = await loadOperatorForms(dir);
    expect(operator.definitions.map((d) => d.version)).toEqual([2]);
  });

  it("rejects two files defining the same form version or the same text id, naming both", async () => {
    const dir = await folderWith({
      "a.yaml": yamlForm("club", 1, { title: "club-title", question: "club-a" }),
      "b.yml": yamlForm("club", 1, { title: "club-title", question: "club-b" }),
    });
    const error = (await loadOperatorForms(dir).catch((e: unknown) => e)) as OperatorFormsError;
    expect(error.problems).toContain(
      `${path.join(dir, "b.yml")}: key: form club version 1 is also defined in ${path.join(dir, "a.yaml")}`,
    );
    expect(error.problems).toContain(
      `${path.join(dir, "b.yml")}: texts.ru.club-title: also defined in ${path.join(dir, "a.yaml")}`,
    );
  });

  it("rejects texts the form does not use and texts that would shadow the product's", async () => {
    const form = yamlForm("club", 1, { title: "club-title", question: "form-common-day-mon" }).replace(
      "ru: { club-title: Заголовок,",
      "ru: { club-title: Заголовок, club-typo: Лишнее,",
    );
    const dir = await folderWith({ "club.yaml": form });
    const error = (await loadOperatorForms(dir, { knownMessages: translator }).catch(
      (e: unknown) => e,
    )) as OperatorFormsError;
    expect(error.problems).toEqual([
      `${path.join(dir, "club.yaml")}: texts.ru.club-typo: not used by the form`,
      expect.stringMatching(
        /club\.yaml: texts\.ru\.form-common-day-mon: the product already defines this id/,
      ),
      expect.stringMatching(
        /club\.yaml: texts\.en\.form-common-day-mon: the product already defines this id/,
      ),
    ]);
  });

  it("reports every bad file at once and ignores hidden files and other extensions", async () => {
    const dir = await folderWith({
      "a.yaml": "key: [",
      "b.json": "[]",
      ".hidden.yaml": "key: [",
      "notes.md": "key: [",
    });
    const error = (await loadOperatorForms(dir).catch((e: unknown) => e)) as OperatorFormsError;
    expect(error.problems.map((p) => path.basename(p.split(":")[0]!))).toEqual(["a.yaml", "b.json"]);
    expect(error.problems[1]).toMatch(/b\.json: \(top level\): must be one form/);
  });

  it("fails clearly when the folder does not exist", async () => {
    await expect(loadOperatorForms(path.join(fixtures, "no-such-folder"))).rejects.toThrow(
      /no-such-folder: cannot read the operator forms folder/,
    );
  });

  it("loads the example of docs/forms.md as it is written there", async () => {
    const doc = await readFile(path.resolve(import.meta.dirname, "../../docs/forms.md"), "utf8");
    const example = /<!-- operator-form-example -->\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const dir = await folderWith({ "example.yaml": example! });
    const fresh = await loadTranslator();
    const operator = await loadOperatorForms(dir, { knownMessages: fresh });
    expect(operator.definitions).toHaveLength(1);
    mergeForms({ operator, translator: fresh });
    for (const id of definitionLocaleKeys(operator.definitions[0]!)) {
      for (const locale of LOCALES) expect(fresh.t(locale, id), `${locale}/${id}`).not.toBe(id);
    }
  });
});

describe("mergeForms and loadForms", () => {
  it("refuse a form version defined twice across built-in and operator forms", async () => {
    const translator = await loadTranslator();
    const operator = { definitions: [builtInForms[0]!], messages: [] };
    expect(() => mergeForms({ operator, translator })).toThrow(
      /form mentee_entry_pupil version 1 is defined twice/,
    );
  });

  it("give the built-ins alone without a forms folder, and add the folder's forms and texts with one", async () => {
    const translator = await loadTranslator();
    expect(await loadForms(translator, undefined)).toEqual(builtInForms);
    const forms = await loadForms(translator, fixture("valid"));
    expect(forms.map((f) => f.key)).toContain("club_feedback");
    expect(translator.t("en", "club-feedback-attended")).toBe("Did you come to the session?");
  });
});

describe("toFtl", () => {
  it("keeps quotes, backslashes, tabs and leading spaces literal", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ftl-"));
    const translator = await loadTranslator();
    const text = '  "quoted" \\ back\tslash\n.dot [x] {y}';
    translator.addMessages("en", toFtl({ "ftl-check": text }), path.join(dir, "x"));
    expect(translator.t("en", "ftl-check")).toBe(text);
  });
});
