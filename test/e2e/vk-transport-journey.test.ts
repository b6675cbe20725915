import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createVkDriver, createVkPerson } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";
import { EXPECTED_MENTEE_ANSWERS, runMenteeJourney } from "../support/journey-scenario.js";

/**
 * The shared mentee scenario (test/support/journey-scenario.ts) on VK: the real journey, the real
 * vk-io client and the channel's long poll against the fake VK API, through the same driver the
 * contract suite (test/contract/journey.contract.test.ts) uses. Here: what is VK's own, the community
 * link's ref, a restart mid-form, and clients that only show text buttons.
 */
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

async function vkUser(options: Parameters<typeof createVkDriver>[1] = {}) {
  const driver = await createVkDriver(env, options);
  opened.push(driver);
  return driver;
}

describe("the journey on VK, end to end over HTTP", () => {
  it("goes from a community link's ref to a submitted entry questionnaire within VK's checks", async () => {
    const user = await vkUser();
    const { answers } = await runMenteeJourney(env, user);
    // The person, consent and participant rows are the contract suite's to compare across channels.
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);

    // The invite came as a ref, and every button the journey drew passed VK's own checks.
    expect(user.fake.calls.filter((c) => c.method.startsWith("messages.") && !c.ok)).toEqual([]);
    const ref = user.fake.calls.find(
      (c) => c.method === "longpoll" && JSON.stringify(c.result).includes('"ref"'),
    );
    expect(JSON.stringify(ref?.result)).toContain(env.menteeCode);
  });

  it("survives a restart of the bot in the middle of a form and finishes with the same answers", async () => {
    const user = await vkUser();
    const { answers } = await runMenteeJourney(env, user, { restartMidForm: true });
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
  });

  it("takes a typed language from a client that shows no keyboards at all", async () => {
    const driver = await vkUser({
      clientInfo: { keyboard: false, inline_keyboard: false, button_actions: [] },
    });
    const typed: [string, "ru" | "en"][] = [
      ["Русский", "ru"],
      ["русский", "ru"],
      ["1", "ru"],
      ["ru", "ru"],
      ["English", "en"],
      ["2", "en"],
      ["en", "en"],
    ];
    for (const [text, locale] of typed) {
      const user = driver.fake.user({
        firstName: "Анна",
        langId: 0,
        clientInfo: { keyboard: false, inline_keyboard: false, button_actions: [] },
      });
      const person = createVkPerson(driver.fake, user);
      await person.send(`/start ${env.menteeCode}`);
      await person.expectMessage(env.translator.t("en", "journey-language-question"));
      await person.send(text);
      await person.expectMessage(env.translator.t(locale, "journey-age-question"));
      const stored = await env.database.db
        .selectFrom("channel_account")
        .innerJoin("person", "person.id", "channel_account.person_id")
        .select("person.locale")
        .where("channel_account.channel", "=", "vk")
        .where("channel_account.external_id", "=", String(user.id))
        .executeTakeFirstOrThrow();
      expect([text, stored.locale]).toEqual([text, locale]);
    }
  });

  it("runs the same journey for a client without inline keyboards, through text buttons", async () => {
    const user = await vkUser({ clientInfo: { inline_keyboard: false, button_actions: ["text"] } });
    const { answers } = await runMenteeJourney(env, user);
    expect(answers).toEqual(EXPECTED_MENTEE_ANSWERS);
    const keyboards = user.fake
      .callsTo("messages.send")
      .filter((c) => c.params.keyboard)
      .map((c) => JSON.parse(c.params.keyboard!) as { inline?: boolean });
    expect(keyboards.length).toBeGreaterThan(0);
    expect(keyboards.every((k) => k.inline !== true)).toBe(true);
  });
});
