import type { ChannelDriver } from "./channel-driver.js";
import type { JourneyEnv } from "./journey-env.js";

/**
 * The participant journey every channel must run the same way: a mentee invite, language, age,
 * consent, name, then the pupil entry questionnaire with an invalid answer, a "back" and a changed answer,
 * a skipped optional question and the summary. Returns the stored answers of the submitted form.
 */
export async function runMenteeJourney(
  env: JourneyEnv,
  user: ChannelDriver,
  options: { restartMidForm?: boolean } = {},
): Promise<{ personId: number; answers: Record<string, unknown> }> {
  const t = (key: string) => env.translator.t("ru", key);
  const form = (id: string) => t(`form-mentee-entry-pupil-${id}`);
  const common = (id: string) => t(`form-common-${id}`);

  await user.send(`/start ${env.menteeCode}`);
  await user.expectMessage("Учитель — ученик");
  await user.expectMessage(t("journey-language-question"));
  await user.press(t("journey-language-name"));
  await user.expectMessage(t("journey-age-question"));
  await user.press(t("journey-age-adult"));
  await user.expectMessage("152-ФЗ");
  await user.press(t("journey-consent-agree"));
  await user.expectMessage(t("journey-name-question"));
  await user.send("Анна");
  await user.expectMessage(form("grade"));

  // An option number that does not exist: a clear message and the same question again.
  await user.send("15");
  await user.expectMessage("⚠️");
  await user.expectMessage(form("grade"));
  await user.press(form("grade-8"));
  await user.expectMessage(form("needs"));
  await user.press(form("needs-subjects"));
  await user.expectMessage(/✅ Разобраться в предметах/);
  await user.press(form("needs-career"));
  await user.expectMessage(/✅ Выбрать профессию/);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("interests"));
  await user.press(form("interests-it"));
  await user.expectMessage(/✅ IT/);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("goals"));
  if (options.restartMidForm) {
    await user.restart();
    await user.send("/start");
    await user.expectMessage(form("goals"));
  }
  // Too short for this question (at least 3 characters).
  await user.send("ok");
  await user.expectMessage("⚠️");
  await user.send("Подтянуть алгебру до четвёрки");
  await user.expectMessage(form("mentor-kind"));
  await user.press(form("mentor-kind-student"));
  await user.expectMessage(/✅ Студент/);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("group-or-individual"));

  // Back to the previous question, change the answer, go on.
  await user.press(t("forms-engine-back"));
  await user.expectMessage(form("mentor-kind"));
  await user.press(form("mentor-kind-teacher"));
  await user.expectMessage(/✅ Учитель/);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("group-or-individual"));
  await user.press(common("group-or-individual-individual"));
  await user.expectMessage(form("format"));
  await user.press(common("format-online"));
  await user.expectMessage(form("available-days"));
  await user.press(common("day-sat"));
  await user.expectMessage(/✅ /);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("available-times"));
  await user.press(common("time-evening"));
  await user.expectMessage(/✅ /);
  await user.press(t("forms-engine-done"));
  await user.expectMessage(form("anything-else"));
  // The optional last question is skipped.
  await user.press(t("forms-engine-skip"));
  await user.expectMessage(t("forms-engine-summary-heading"));
  await user.press(t("forms-engine-submit"));
  await user.expectMessage(t("forms-engine-done-text"));

  const personId = await user.personId();
  const rows = await env.database.db
    .selectFrom("answer")
    .innerJoin("form_session", "form_session.id", "answer.form_session_id")
    .select(["answer.question_key", "answer.value", "answer.form_version"])
    .where("form_session.person_id", "=", personId)
    .where("form_session.form_key", "=", "mentee_entry_pupil")
    .where("form_session.status", "=", "submitted")
    .execute();
  const answers = Object.fromEntries(rows.map((row) => [row.question_key, row.value]));
  return { personId, answers };
}

/** What the scenario above must store, whatever the channel. */
export const EXPECTED_MENTEE_ANSWERS = {
  grade: "8",
  needs: ["subjects", "career"],
  interests: ["it"],
  goals: "Подтянуть алгебру до четвёрки",
  mentor_kind: ["student", "teacher"],
  group_or_individual: "individual",
  format: "online",
  available_days: ["sat"],
  available_times: ["evening"],
};
