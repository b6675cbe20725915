import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, loadTranslator, negotiateLocale } from "../../src/i18n/translator.js";

describe("locales", () => {
  it("ru and en define exactly the same message ids", async () => {
    const translator = await loadTranslator();
    const ru = new Set(translator.keys("ru"));
    const en = new Set(translator.keys("en"));
    expect([...ru].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !ru.has(k))).toEqual([]);
    expect(ru.size).toBeGreaterThan(0);
  });

  it("every message renders in every locale without Fluent errors", async () => {
    const translator = await loadTranslator();
    for (const locale of LOCALES) {
      for (const key of translator.keys(locale)) {
        expect(translator.t(locale, key), `${locale}/${key}`).not.toBe(key);
      }
    }
  });

  it("renders Russian by default and English on request", async () => {
    const translator = await loadTranslator();
    expect(translator.t("ru", "app-name")).toBe("Наставник");
    expect(translator.t("en", "app-name")).toBe("Nastavnik");
  });

  it("refuses a broken .ftl file at load time, naming it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "locales-"));
    for (const locale of LOCALES) await mkdir(path.join(dir, locale));
    await writeFile(path.join(dir, "ru", "ok.ftl"), "hello = Привет\n");
    await writeFile(path.join(dir, "en", "broken.ftl"), "hello = { $name\n");
    await expect(loadTranslator(dir)).rejects.toThrow(/broken\.ftl/);
  });
});

describe("negotiateLocale", () => {
  it("maps messenger and shell language tags onto ru or en", () => {
    expect(negotiateLocale(["en-US"])).toBe("en");
    expect(negotiateLocale(["ru_RU.UTF-8"])).toBe("ru");
    expect(negotiateLocale(["de"])).toBe("ru");
    expect(negotiateLocale([undefined])).toBe("ru");
  });
});
