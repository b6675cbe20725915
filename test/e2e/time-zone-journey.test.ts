import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../../src/core/forms/dates.js";
import { createTelegramDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const t = (key: string) => env.translator.t("ru", key);

describe("a person's time zone in a programme", () => {
  it("is that programme's organisation's zone in that programme's form, whatever their first programme", async () => {
    const { db } = env.database;
    // UTC−11 and UTC+14: 25 hours apart, so "today" differs between them at every moment.
    await db
      .updateTable("organisation")
      .set({ time_zone: "Pacific/Pago_Pago" })
      .where("id", "=", env.organisationId)
      .execute();
    const far = await db
      .insertInto("organisation")
      .values({ name: "Школа № 8", kind: "school", time_zone: "Pacific/Kiritimati" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const second = await db
      .insertInto("program")
      .values({
        organisation_id: far.id,
        name: "Вторая программа",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const user = await createTelegramDriver(env);
    try {
      await user.send(`/start ${env.menteeCode}`);
      await user.press(t("journey-language-name"));
      await user.press(t("journey-age-adult"));
      await user.press(t("journey-consent-agree"));
      await user.expectMessage(t("journey-name-question"));
      await user.send("Анна");
      await user.expectMessage(t("form-mentee-entry-pupil-grade"));
      const personId = await user.personId();
      await db
        .insertInto("participant")
        .values({
          program_id: second.id,
          person_id: personId,
          side: "mentor",
          category: "teacher",
          status: "active",
        })
        .execute();
      // A check-in of the second programme, touched last, so typed text answers it.
      const checkin = await env.forms.open({
        personId,
        formKey: "meeting_checkin",
        programId: second.id,
        subjectKey: "meeting:1",
      });
      await user.send("1");
      await user.expectMessage(t("form-meeting-checkin-held-on"));
      const before = new Date();
      await user.send("сегодня");
      await user.expectMessage(t("form-meeting-checkin-format"));
      const after = new Date();

      const session = await db
        .selectFrom("form_session")
        .select("state")
        .where("id", "=", checkin.sessionId)
        .executeTakeFirstOrThrow();
      const answers = (session.state as { answers: Record<string, unknown> }).answers;
      expect([todayIn(before, "Pacific/Kiritimati"), todayIn(after, "Pacific/Kiritimati")]).toContain(
        answers["held_on"],
      );
    } finally {
      await user.close();
    }
  });
});
