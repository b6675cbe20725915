import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVkDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

/**
 * A question with more options than VK's inline keyboard holds (10 buttons): "Что для вас сейчас
 * важнее всего?" of the pupil's entry questionnaire has 11, plus "back" and "done". Every tap (a
 * toggle, a page turn) must redraw the one message in place, as on Telegram, not send it again.
 */
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const t = (key: string) => env.translator.t("ru", key);
const form = (id: string) => t(`form-mentee-entry-pupil-${id}`);

async function atNeedsQuestion() {
  const user = await createVkDriver(env);
  await user.send(`/start ${env.menteeCode}`);
  await user.press(t("journey-language-name"));
  await user.press(t("journey-age-adult"));
  await user.press(t("journey-consent-agree"));
  await user.expectMessage(t("journey-name-question"));
  await user.send("Анна");
  await user.press(form("grade-8"));
  await user.expectMessage(form("needs"));
  return user;
}

async function storedNeeds(personId: number): Promise<unknown> {
  const row = await env.database.db
    .selectFrom("answer")
    .innerJoin("form_session", "form_session.id", "answer.form_session_id")
    .select("answer.value")
    .where("form_session.person_id", "=", personId)
    .where("answer.question_key", "=", "needs")
    .executeTakeFirst();
  return row?.value;
}

describe("a VK question with more than 10 options", () => {
  it("pages its options in one inline keyboard and redraws that one message on every tap", async () => {
    const user = await atNeedsQuestion();
    try {
      const needsMessages = () =>
        user.fake.chatMessages(user.user.id).filter((m) => m.text.includes(form("needs")));
      const [shown] = needsMessages();
      expect(shown?.keyboard?.inline).toBe(true);

      await user.press(form("needs-subjects"));
      await user.expectMessage(/✅ Разобраться в предметах/);
      await user.press(t("forms-engine-page-next"));
      await user.expectMessage(form("needs-hobbies"));
      await user.press(form("needs-hobbies"));
      await user.expectMessage(/✅ Найти увлечение/);
      await user.press(t("forms-engine-page-previous"));
      await user.expectMessage(/✅ Разобраться в предметах/);
      await user.press(form("needs-career"));
      await user.expectMessage(/✅ Выбрать профессию/);
      await user.press(t("forms-engine-done"));
      await user.expectMessage(form("interests"));

      // One message for the question, edited each time and now the record of its answer.
      const after = needsMessages();
      expect(after.map((m) => m.conversationMessageId)).toEqual([shown!.conversationMessageId]);
      expect(after[0]!.text).toContain(
        `→ ${form("needs-subjects")}, ${form("needs-career")}, ${form("needs-hobbies")}`,
      );
      expect(await storedNeeds(await user.personId())).toEqual(["subjects", "career", "hobbies"]);
      // Every keyboard the journey drew was an inline one, within VK's checks.
      expect(user.fake.calls.filter((c) => c.method.startsWith("messages.") && !c.ok)).toEqual([]);
      const keyboards = user.fake.calls
        .filter((c) => c.method === "messages.send" || c.method === "messages.edit")
        .flatMap((c) => (c.params.keyboard ? [JSON.parse(c.params.keyboard) as { inline?: boolean }] : []));
      expect(keyboards.every((k) => k.inline === true)).toBe(true);
    } finally {
      await user.close();
    }
  });

  it("sends the question anew once when VK refuses to edit the old message, then edits the new one", async () => {
    const user = await atNeedsQuestion();
    try {
      const needsMessages = () =>
        user.fake.chatMessages(user.user.id).filter((m) => m.text.includes(form("needs")));
      // The message is past VK's edit window: 909 "Can't edit this message, because it's too old".
      user.fake.failNext("messages.edit", {
        code: 909,
        msg: "Can't edit this message, because it's too old",
      });
      await user.press(form("needs-subjects"));
      await user.expectMessage(/✅ Разобраться в предметах/);
      await user.press(form("needs-career"));
      await user.expectMessage(/✅ Выбрать профессию/);
      await user.press(t("forms-engine-page-next"));
      await user.expectMessage(form("needs-hobbies"));
      expect(needsMessages()).toHaveLength(2);
      await user.press(t("forms-engine-done"));
      await user.expectMessage(form("interests"));
      expect(needsMessages()).toHaveLength(2);
      expect(await storedNeeds(await user.personId())).toEqual(["subjects", "career"]);
    } finally {
      await user.close();
    }
  });
});
