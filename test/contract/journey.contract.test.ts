import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createConsoleDriver,
  createMaxDriver,
  createTelegramDriver,
  createVkDriver,
  type ChannelDriver,
} from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";
import { EXPECTED_MENTEE_ANSWERS, runMenteeJourney } from "../support/journey-scenario.js";

/**
 * The contract every channel passes: the same journey, driven through the channel's real client,
 * stores the same rows. A channel that decides anything on its own shows up here as a difference.
 */
const drivers: Record<string, (env: JourneyEnv) => Promise<ChannelDriver>> = {
  telegram: (env) => createTelegramDriver(env),
  vk: (env) => createVkDriver(env),
  max: (env) => createMaxDriver(env),
  console: (env) => createConsoleDriver(env),
};

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const stored: Record<string, Record<string, unknown>> = {};

describe.each(Object.keys(drivers))("the mentee journey on %s", (name) => {
  let user: ChannelDriver;
  beforeAll(async () => {
    user = await drivers[name]!(env);
  });
  afterAll(() => user.close());

  it("goes from the invite to a submitted entry questionnaire", async () => {
    const { personId, answers } = await runMenteeJourney(env, user);
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
    stored[name] = answers;

    const person = await env.database.db
      .selectFrom("person")
      .select(["display_name", "locale", "is_minor"])
      .where("id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ display_name: "Анна", locale: "ru", is_minor: false });
    const consents = await env.database.db
      .selectFrom("consent")
      .select(["kind", "given_by", "text_version"])
      .where("person_id", "=", personId)
      .execute();
    expect(consents).toEqual([
      { kind: "personal_data", given_by: "self", text_version: "pd-2026-12-operator" },
    ]);
    const participant = await env.database.db
      .selectFrom("participant")
      .select(["side", "status", "category"])
      .where("person_id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(participant).toEqual({ side: "mentee", status: "active", category: "pupil" });
  });
});

describe("every channel", () => {
  it("stored identical answers for the same journey", () => {
    const names = Object.keys(drivers);
    expect(Object.keys(stored)).toEqual(names);
    for (const name of names) expect(stored[name]).toEqual(stored[names[0]!]);
  });
});
