import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

// Every choice can be answered by typing too: a client may show no buttons, and some people type.
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const t = (key: string) => env.translator.t("ru", key);

describe("onboarding answered by typing", () => {
  it("takes the age and the consent typed, and answers anything else with a hint and the same question", async () => {
    const user = await createTelegramDriver(env);
    try {
      await user.send(`/start ${env.menteeCode}`);
      await user.send("Русский");
      await user.expectMessage(t("journey-age-question"));
      await user.send("может быть");
      await user.expectMessage(t("journey-typed-choice-hint"));
      await user.expectMessage(t("journey-age-question"));
      // "1" is the first button: 18 or older, so the person is asked for their own consent.
      await user.send("1");
      await user.expectMessage("152-ФЗ");
      await user.send("а что это?");
      await user.expectMessage(t("journey-typed-choice-hint"));
      const personId = await user.personId();
      const consents = () =>
        env.database.db.selectFrom("consent").select("kind").where("person_id", "=", personId).execute();
      expect(await consents()).toEqual([]);
      await user.send("Да!");
      await user.expectMessage(t("journey-consent-thanks"));
      expect(await consents()).toEqual([{ kind: "personal_data" }]);
      const person = await env.database.db
        .selectFrom("person")
        .select("is_minor")
        .where("id", "=", personId)
        .executeTakeFirstOrThrow();
      expect(person.is_minor).toBe(false);
    } finally {
      await user.close();
    }
  });
});
