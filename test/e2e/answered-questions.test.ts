import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTelegramDriver } from "../support/channel-driver.js";
import type { RecordedCall } from "../support/fake-telegram-api.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

// One message per step: pressing an answer turns the question's message into "the question → the
// answer" with no buttons, and the next question arrives as one new message. Driven through the real
// Telegram channel (grammY, polling) against the fake Bot API.

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

type TelegramUser = Awaited<ReturnType<typeof createTelegramDriver>>;
const opened: TelegramUser[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

const t = (key: string) => env.translator.t("ru", key);
const form = (id: string) => t(`form-mentee-entry-pupil-${id}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Onboarding to the first question; consent and age are pressed in whichever order they come. */
async function onboard(user: TelegramUser): Promise<void> {
  await user.send(`/start ${await env.invite()}`);
  await user.press(t("journey-language-name"));
  const agree = t("journey-consent-agree");
  const adult = t("journey-age-adult");
  for (let step = 0; step < 2; step++) {
    const shown = await user.expectMessage(new RegExp(`${escape(agree)}|${escape(adult)}`));
    await user.press(shown.includes(adult) ? adult : agree);
  }
  await user.expectMessage(t("journey-name-question"));
  await user.send("Анна");
  await user.expectMessage(form("grade"));
}

const keyboardOf = (call: RecordedCall): { text: string }[][] => {
  const markup = call.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | string | undefined;
  const parsed = typeof markup === "string" ? (JSON.parse(markup) as typeof markup) : markup;
  return parsed && typeof parsed === "object" ? (parsed.inline_keyboard ?? []) : [];
};

/** The person's newest message that carries buttons: the question being asked. */
function currentQuestion(user: TelegramUser) {
  const message = user.fake
    .chatMessages(user.user.id)
    .findLast((m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  if (!message) throw new Error("no message with buttons");
  return { id: message.message_id, text: message.text ?? "" };
}

/** Presses an answer on the current question; returns what the bot did about it. */
async function answer(user: TelegramUser, label: string, next: string) {
  const question = currentQuestion(user);
  const since = user.fake.calls.length;
  await user.press(label);
  await user.expectMessage(next);
  await user.fake.waitForConfirmed();
  const calls = user.fake.calls.slice(since).filter((c) => c.ok);
  return {
    question,
    edits: calls.filter(
      (c) => c.method === "editMessageText" && Number(c.payload.message_id) === question.id,
    ),
    sent: calls.filter((c) => c.method === "sendMessage"),
  };
}

describe("answering a question by its button", () => {
  it("edits the question's message to show the answer without buttons and sends the next question as one message", async () => {
    const user = await telegramUser();
    await onboard(user);

    // A single choice.
    const grade = await answer(user, form("grade-8"), form("needs"));
    expect(grade.question.text).toContain(form("grade"));
    expect(grade.edits).toHaveLength(1);
    const gradeEdit = String(grade.edits[0]!.payload.text);
    expect(gradeEdit).toContain(form("grade"));
    expect(gradeEdit).toContain(`→ ${form("grade-8")}`);
    expect(keyboardOf(grade.edits[0]!)).toEqual([]);
    expect(grade.sent).toHaveLength(1);
    expect(String(grade.sent[0]!.payload.text)).toContain(form("needs"));
    expect(String(grade.sent[0]!.payload.text)).not.toContain(form("grade"));
    expect(keyboardOf(grade.sent[0]!).length).toBeGreaterThan(0);

    // A multiple choice: toggles redraw the same message with its buttons, "Done" settles it.
    await user.press(form("needs-subjects"));
    await user.expectMessage(/✅ Разобраться в предметах/);
    await user.press(form("needs-career"));
    await user.expectMessage(/✅ Выбрать профессию/);
    const needs = await answer(user, t("forms-engine-done"), form("interests"));
    expect(needs.edits).toHaveLength(1);
    const needsEdit = String(needs.edits[0]!.payload.text);
    expect(needsEdit).toContain(form("needs"));
    expect(needsEdit).toContain(`→ ${form("needs-subjects")}, ${form("needs-career")}`);
    expect(needsEdit).not.toContain("✅");
    expect(keyboardOf(needs.edits[0]!)).toEqual([]);
    expect(needs.sent).toHaveLength(1);
    expect(String(needs.sent[0]!.payload.text)).toContain(form("interests"));

    // What the person sees now: only the question being asked still has buttons.
    const shown = user.fake.chatMessages(user.user.id);
    const from = shown.findIndex((m) => m.message_id === grade.question.id);
    const withButtons = shown
      .slice(from)
      .filter((m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0)
      .map((m) => m.message_id);
    expect(withButtons).toEqual([(needs.sent[0]!.result as { message_id: number }).message_id]);
    expect(shown.find((m) => m.message_id === grade.question.id)?.text).toContain(`→ ${form("grade-8")}`);
  });

  it("leaves a typed answer's question as it was: there is no pressed message to edit", async () => {
    const user = await telegramUser();
    await onboard(user);
    const question = currentQuestion(user);
    const since = user.fake.calls.length;
    await user.send("8");
    await user.expectMessage(form("needs"));
    await user.fake.waitForConfirmed();
    expect(user.fake.callsTo("editMessageText", (c) => c.seq >= since)).toEqual([]);
    expect(currentQuestion(user).id).not.toBe(question.id);
  });
});

async function telegramUser(): Promise<TelegramUser> {
  const driver = await createTelegramDriver(env);
  opened.push(driver);
  return driver;
}
