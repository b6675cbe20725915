import type { Locale, Translator } from "../i18n/translator.js";
import type { DemoTexts } from "./demo-seed.service.js";

/** Names and sentences of the demo, in the operator's language (numbered messages, read until one is missing). */
export function demoTexts(translator: Translator, locale: Locale): DemoTexts {
  const t = (key: string, args?: Record<string, string>) => translator.t(locale, key, args);
  const numbered = (prefix: string) => {
    const texts: string[] = [];
    for (let n = 1; translator.has(locale, `${prefix}-${n}`); n++) texts.push(t(`${prefix}-${n}`));
    return texts;
  };
  const list = (key: string) =>
    t(key)
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
  const personNames = list("cli-demo-first-names").flatMap((first) =>
    list("cli-demo-last-initials").map((initial) => t("cli-demo-person-name", { first, initial })),
  );
  return {
    municipality: t("cli-demo-municipality"),
    region: t("cli-demo-region"),
    organisation: t("cli-demo-organisation"),
    program: t("cli-demo-program"),
    groupMeeting: t("cli-demo-group-meeting"),
    curatorName: t("cli-demo-curator-name"),
    personNames,
    answers: numbered("cli-demo-answer"),
    topics: numbered("cli-demo-topic"),
  };
}
