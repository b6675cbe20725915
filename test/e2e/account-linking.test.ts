import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inviteLinks } from "../../src/invites/invite-links.js";
import {
  createMaxDriver,
  createTelegramDriver,
  createVkDriver,
  type ChannelDriver,
} from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const opened: ChannelDriver[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

const t = (key: string) => env.translator.t("ru", key);
const form = (id: string) => t(`form-mentee-entry-pupil-${id}`);

/** Invite → onboarding → the first answer of the entry questionnaire, on one channel. */
async function startOn(user: ChannelDriver) {
  await user.send(`/start ${await env.invite()}`);
  await user.press(t("journey-language-name"));
  await user.press(t("journey-age-adult"));
  await user.press(t("journey-consent-agree"));
  await user.expectMessage(t("journey-name-question"));
  await user.send("Анна");
  await user.press(form("grade-8"));
  await user.expectMessage(form("needs"));
}

async function linkCode(user: ChannelDriver): Promise<string> {
  await user.send("/link");
  const message = await user.expectMessage(/\/link L[0-9A-Z]{12}/);
  return /\/link (L[0-9A-Z]{12})/.exec(message)![1]!;
}

/** The second channel continues the same form: the next question, then an answer stored with the first. */
async function continueOn(
  user: ChannelDriver,
  firstPersonId: number,
  channels: string[] = ["telegram", "vk"],
) {
  await user.expectMessage(t("journey-link-done"));
  await user.expectMessage(form("needs"));
  await user.press(form("needs-career"));
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("interests"));
  expect(await user.personId()).toBe(firstPersonId);
  const answers = await env.database.db
    .selectFrom("answer")
    .innerJoin("form_session", "form_session.id", "answer.form_session_id")
    .select(["answer.question_key", "answer.value"])
    .where("form_session.person_id", "=", firstPersonId)
    .orderBy("answer.question_key")
    .execute();
  expect(answers).toEqual([
    { question_key: "grade", value: "8" },
    { question_key: "needs", value: ["career"] },
  ]);
  const accounts = await env.database.db
    .selectFrom("channel_account")
    .select("channel")
    .where("person_id", "=", firstPersonId)
    .orderBy("channel")
    .execute();
  expect(accounts.map((a) => a.channel)).toEqual(channels);
}

describe("one person, two messengers", () => {
  it("links Telegram to VK: the code from Telegram, sent on VK, continues the same form there", async () => {
    const telegram = await createTelegramDriver(env);
    const vk = await createVkDriver(env);
    opened.push(telegram, vk);
    await startOn(telegram);
    const code = await linkCode(telegram);
    await vk.send(`/link ${code}`);
    await continueOn(vk, await telegram.personId());
    // The code works once.
    await vk.send(`/link ${code}`);
    await vk.expectMessage(t("journey-link-used"));
  });

  it("links VK to Telegram through a deep link: /start with the code continues the same form", async () => {
    const vk = await createVkDriver(env);
    const telegram = await createTelegramDriver(env);
    opened.push(vk, telegram);
    await startOn(vk);
    const code = await linkCode(vk);
    await telegram.send(`/start ${code}`);
    await continueOn(telegram, await vk.personId());
  });

  it("links MAX to Telegram: the code from MAX, sent on Telegram, continues the same form there", async () => {
    const max = await createMaxDriver(env);
    const telegram = await createTelegramDriver(env);
    opened.push(max, telegram);
    await startOn(max);
    const code = await linkCode(max);
    await telegram.send(`/link ${code}`);
    await continueOn(telegram, await max.personId(), ["max", "telegram"]);
  });

  it("links VK to MAX through the max.ru deep link: «Начать» with the code continues the same form", async () => {
    const vk = await createVkDriver(env);
    const max = await createMaxDriver(env);
    opened.push(vk, max);
    // As the MAX registration does once GET /me told the bot's nick.
    env.hub.linkTo("max", (code) => inviteLinks({ maxUsername: max.fake.botInfo.username }, code).max);
    await startOn(vk);
    const code = await linkCode(vk);
    await vk.expectMessage(`https://max.ru/${max.fake.botInfo.username}?start=${code}`);
    await max.send(`/start ${code}`);
    await continueOn(max, await vk.personId(), ["max", "vk"]);
  });
});
