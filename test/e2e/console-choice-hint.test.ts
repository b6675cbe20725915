import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

/**
 * In the console a button is pressed by typing its letter, so a choice question's hints name letters
 * (and the option numbers, which the console takes too); "press a button" alone would send a person
 * looking for something to click.
 */
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const t = (key: string, args?: Record<string, string | number>) => env.translator.t("ru", key, args);
const form = (id: string) => t(`form-mentee-entry-pupil-${id}`);

describe("a choice question in the console", () => {
  it("answers an option that does not exist with the letters and numbers the console takes", async () => {
    const user = await createConsoleDriver(env, "console-choice-hint");
    try {
      await user.send(`/start ${env.menteeCode}`);
      await user.press(t("journey-language-name"));
      await user.expectMessage(t("journey-age-question"));
      await user.send("может быть");
      await user.expectMessage(t("journey-typed-choice-hint-letters"));
      await user.press(t("journey-age-adult"));
      await user.press(t("journey-consent-agree"));
      await user.expectMessage(t("journey-name-question"));
      await user.send("Анна");
      await user.expectMessage(form("grade"));

      // "15" and "z" (no button has that letter) are no option of eight.
      for (const typed of ["15", "z"]) {
        await user.send(typed);
        const notice = await user.expectMessage("⚠️");
        expect(notice).toContain(t("console-invalid-option-letter", { count: 8 }));
        expect(notice).not.toContain(t("forms-engine-invalid-option-number", { count: 8 }));
      }

      // The hint names the option's number too, and a typed number is taken.
      await user.send("3");
      await user.expectMessage(form("needs"));
      const grade = await env.database.db
        .selectFrom("answer")
        .innerJoin("form_session", "form_session.id", "answer.form_session_id")
        .select("answer.value")
        .where("form_session.person_id", "=", await user.personId())
        .where("answer.question_key", "=", "grade")
        .executeTakeFirstOrThrow();
      expect(grade.value).toBe("7");
    } finally {
      await user.close();
    }
  });
});
