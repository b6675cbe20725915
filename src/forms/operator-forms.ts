import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import {
  definitionLocaleKeys,
  formDefinition,
  localeKey,
  type FormDefinition,
} from "../core/forms/definition.js";
import { LOCALES, type Locale, type Translator } from "../i18n/translator.js";
import { builtInForms } from "./index.js";
import { describeIssues } from "./parse.js";

/**
 * Operator forms: a folder (FORMS_DIR) of .yaml, .yml or .json files, one form per file, each carrying
 * its own texts so nothing in locales/ has to change:
 *
 *   key: club_feedback
 *   version: 1
 *   audience: any
 *   title: club-feedback-title
 *   questions: [{ key: liked, kind: yes_no, text: club-feedback-liked }]
 *   texts:
 *     ru: { club-feedback-title: Отзыв о клубе, club-feedback-liked: Вам понравилось? }
 *     en: { club-feedback-title: Club feedback, club-feedback-liked: Did you like it? }
 *
 * Texts are plain text (no Fluent syntax), one value per message id. docs/forms.md is the manual.
 */

/** One Fluent resource to add to the translator: `translator.addMessages(locale, ftl, origin)`. */
export interface FluentSource {
  locale: Locale;
  ftl: string;
  /** The file the texts came from, so a clash at start-up names it. */
  origin: string;
}

export interface OperatorForms {
  definitions: FormDefinition[];
  messages: FluentSource[];
}

export interface LoadOperatorFormsOptions {
  /** Forms shipped with the product: an operator file may reuse one's key only with a higher version. */
  builtIn?: readonly FormDefinition[];
  /**
   * The translator with the product's own texts. When given, a form may use an id it already has in
   * both ru and en (e.g. `form-common-day-mon`) without a copy, and may not redefine one: the
   * translator never overwrites an id, so a redefinition would silently show the old text.
   */
  knownMessages?: Pick<Translator, "has">;
}

/** Every problem of every operator file at once, each line "<file>: <path>: <what is wrong>". */
export class OperatorFormsError extends Error {
  constructor(readonly problems: string[]) {
    super(`operator forms are invalid:\n${problems.join("\n")}`);
    this.name = "OperatorFormsError";
  }
}

const FORM_FILE = /\.(ya?ml|json)$/i;

const messageTexts = z.record(
  localeKey,
  z.string().trim().min(1, "must not be empty").max(4000, "must be at most 4000 characters"),
);
const texts = z.strictObject({ ru: messageTexts, en: messageTexts });
type Texts = z.infer<typeof texts>;

interface LoadedFile {
  file: string;
  definition: FormDefinition;
  texts: Texts;
}

/**
 * Reads and validates every form file of `dir` (not recursive; hidden files and other extensions are
 * ignored). Throws an {@link OperatorFormsError} listing each bad file with the path inside it, e.g.
 * `forms/x.yaml: questions.3.options: Too small: expected array to have >=2 items`.
 *
 * @example
 * const translator = await loadTranslator();
 * const operator = await loadOperatorForms(config.formsDir, { knownMessages: translator });
 * const forms = mergeForms({ operator, translator });
 */
export async function loadOperatorForms(
  dir: string,
  options: LoadOperatorFormsOptions = {},
): Promise<OperatorForms> {
  const builtIn = options.builtIn ?? builtInForms;
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith(".") && FORM_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    throw new Error(`${dir}: cannot read the operator forms folder`, { cause });
  }

  const problems: string[] = [];
  const loaded: LoadedFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const result = parseFormFile(file, await readFile(file, "utf8"), options.knownMessages);
    if ("problems" in result) problems.push(...result.problems);
    else loaded.push(result);
  }
  problems.push(...crossFileProblems(loaded, builtIn));
  if (problems.length > 0) throw new OperatorFormsError(problems);

  return {
    definitions: loaded.map((l) => l.definition),
    messages: loaded.flatMap((l) =>
      LOCALES.filter((locale) => Object.keys(l.texts[locale]).length > 0).map((locale) => ({
        locale,
        ftl: toFtl(l.texts[locale]),
        origin: l.file,
      })),
    ),
  };
}

/**
 * Built-in plus operator forms, with the operator texts added to `translator`: what start-up hands to
 * the form registry. A key+version present twice is refused here too (the loader already checks it
 * against the built-ins it was given, which may differ from these).
 */
export function mergeForms(input: {
  operator: OperatorForms;
  translator: Pick<Translator, "addMessages">;
  builtIn?: readonly FormDefinition[];
}): FormDefinition[] {
  const all = [...(input.builtIn ?? builtInForms), ...input.operator.definitions];
  const seen = new Set<string>();
  for (const form of all) {
    const id = `${form.key}@${form.version}`;
    if (seen.has(id)) throw new Error(`form ${form.key} version ${form.version} is defined twice`);
    seen.add(id);
  }
  for (const source of input.operator.messages) {
    input.translator.addMessages(source.locale, source.ftl, source.origin);
  }
  return all;
}

/** Start-up in one call: the built-in forms, plus the operator's when a forms folder is configured. */
export async function loadForms(
  translator: Translator,
  formsDir: string | undefined,
): Promise<FormDefinition[]> {
  if (!formsDir) return [...builtInForms];
  const operator = await loadOperatorForms(formsDir, { knownMessages: translator });
  return mergeForms({ operator, translator });
}

function parseFormFile(
  file: string,
  source: string,
  known: Pick<Translator, "has"> | undefined,
): LoadedFile | { problems: string[] } {
  const fail = (...lines: string[]) => ({ problems: lines.map((line) => `${file}: ${line}`) });

  let raw: unknown;
  if (/\.json$/i.test(file)) {
    try {
      raw = JSON.parse(source);
    } catch (error) {
      return fail(`invalid JSON: ${(error as Error).message}`);
    }
  } else {
    const document = parseDocument(source);
    if (document.errors.length > 0) {
      return fail(...document.errors.map((e) => `invalid YAML: ${e.message.split("\n")[0]}`));
    }
    raw = document.toJS();
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail("(top level): must be one form: a mapping with key, version, questions and texts");
  }

  const { texts: rawTexts, ...rawDefinition } = raw as Record<string, unknown>;
  const definition = formDefinition.safeParse(rawDefinition);
  const parsedTexts = texts.safeParse(rawTexts ?? {});
  const problems = [
    ...(definition.success ? [] : describeIssues(definition.error)),
    ...(parsedTexts.success ? [] : describeIssues(parsedTexts.error, ["texts"])),
  ];
  if (!definition.success || !parsedTexts.success) return fail(...problems);

  problems.push(...textProblems(definition.data, parsedTexts.data, known));
  if (problems.length > 0) return fail(...problems);
  return { file, definition: definition.data, texts: parsedTexts.data };
}

/** Every id the form uses must have a text in ru and en; every text must be used; none may shadow ours. */
function textProblems(
  form: FormDefinition,
  own: Texts,
  known: Pick<Translator, "has"> | undefined,
): string[] {
  const used = definitionLocaleKeys(form);
  const usedSet = new Set(used);
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const missing = used.filter(
      (id) => !(id in own[locale]) && !LOCALES.every((l) => known?.has(l, id) ?? false),
    );
    if (missing.length > 0) problems.push(`texts.${locale}: missing ${missing.map(quote).join(", ")}`);
    for (const id of Object.keys(own[locale])) {
      if (!usedSet.has(id)) problems.push(`texts.${locale}.${id}: not used by the form`);
      else if (LOCALES.some((l) => known?.has(l, id) ?? false)) {
        problems.push(
          `texts.${locale}.${id}: the product already defines this id; rename it, or drop it to reuse the product's text`,
        );
      }
    }
  }
  return problems;
}

function crossFileProblems(loaded: readonly LoadedFile[], builtIn: readonly FormDefinition[]): string[] {
  const problems: string[] = [];
  const latestBuiltIn = new Map<string, number>();
  for (const form of builtIn) {
    latestBuiltIn.set(form.key, Math.max(form.version, latestBuiltIn.get(form.key) ?? 0));
  }
  const formFile = new Map<string, string>();
  const textFile = new Map<string, string>();
  for (const { file, definition, texts: own } of loaded) {
    const { key, version } = definition;
    const builtInVersion = latestBuiltIn.get(key);
    if (builtInVersion !== undefined && version <= builtInVersion) {
      problems.push(
        `${file}: version: the built-in form ${key} is at version ${builtInVersion}; an adapted copy needs a higher version`,
      );
    }
    const formId = `${key}@${version}`;
    const otherForm = formFile.get(formId);
    if (otherForm)
      problems.push(`${file}: key: form ${key} version ${version} is also defined in ${otherForm}`);
    else formFile.set(formId, file);

    for (const locale of LOCALES) {
      for (const id of Object.keys(own[locale])) {
        const other = textFile.get(`${locale}/${id}`);
        if (other && other !== file) {
          problems.push(`${file}: texts.${locale}.${id}: also defined in ${other}`);
        } else textFile.set(`${locale}/${id}`, file);
      }
    }
  }
  return problems;
}

/**
 * Plain text to Fluent: every line becomes a string literal placeable, so braces, a leading "*", "["
 * or "." and leading spaces stay literal instead of being read as Fluent syntax.
 */
export function toFtl(messages: Record<string, string>): string {
  return Object.entries(messages)
    .map(([id, text]) => {
      const lines = text.replace(/\r\n?/g, "\n").split("\n");
      return `${id} =\n${lines.map((line) => `    {"${escapeFluentString(line)}"}`).join("\n")}\n`;
    })
    .join("");
}

/** Fluent string literals know only \\, \" and \uXXXX; control characters go as \uXXXX. */
function escapeFluentString(line: string): string {
  let out = "";
  for (const c of line) {
    const code = c.charCodeAt(0);
    if (c === "\\" || c === '"') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += c;
  }
  return out;
}

function quote(id: string): string {
  return `"${id}"`;
}
