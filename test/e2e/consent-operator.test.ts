import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTelegramDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

// A written consent under 152-FZ art. 9 names the operator and its address: the organisation of the
// programme the person joined.
let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
  await env.database.db
    .updateTable("organisation")
    .set({
      legal_name: "Муниципальное автономное общеобразовательное учреждение «Средняя школа № 7»",
      address: "620000, г. Екатеринбург, ул. Ленина, д. 7",
    })
    .where("id", "=", env.organisationId)
    .execute();
});
afterAll(() => env.close());

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
});

async function telegramUser() {
  const driver = await createTelegramDriver(env);
  opened.push(driver);
  return driver;
}

const t = (key: string) => env.translator.t("ru", key);

/** An organisation with only a short name, a programme of it and a single-use invite. */
async function inviteToOrganisationWithoutLegalName(): Promise<string> {
  const { db } = env.database;
  const organisation = await db
    .insertInto("organisation")
    .values({ name: "Гимназия № 3", kind: "school", time_zone: "Europe/Moscow" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const program = await db
    .insertInto("program")
    .values({
      organisation_id: organisation.id,
      name: "Студент — школьник",
      form_key: "teacher_pupil",
      academic_year: "2026/2027",
      status: "active",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const code = "GYM3CNSENT00";
  await db
    .insertInto("invite")
    .values({
      code,
      organisation_id: organisation.id,
      program_id: program.id,
      side: "mentee",
      category: "pupil",
      max_uses: 1,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  return code;
}

async function consents(personId: number) {
  return env.database.db
    .selectFrom("consent")
    .select(["kind", "given_by", "text_version"])
    .where("person_id", "=", personId)
    .orderBy("id")
    .execute();
}

describe("the consent names the operator", () => {
  it("shows the organisation's legal name and address, and records the new text version", async () => {
    const user = await telegramUser();
    await user.send(`/start ${env.menteeCode}`);
    await user.press(t("journey-language-name"));
    await user.press(t("journey-age-adult"));
    const text = await user.expectMessage("152-ФЗ");
    expect(text).toContain(
      "Кто обрабатывает (оператор): Муниципальное автономное общеобразовательное учреждение «Средняя школа № 7». " +
        "Адрес оператора: 620000, г. Екатеринбург, ул. Ленина, д. 7.",
    );
    expect(text).not.toContain("которая пригласила вас");
    await user.press(t("journey-consent-agree"));
    await user.expectMessage(t("journey-name-question"));
    expect(await consents(await user.personId())).toEqual([
      { kind: "personal_data", given_by: "self", text_version: "pd-2026-12-operator" },
    ]);
  });

  it("falls back to the short name and says the address is not given", async () => {
    const user = await telegramUser();
    await user.send(`/start ${await inviteToOrganisationWithoutLegalName()}`);
    await user.press(t("journey-language-name"));
    await user.press(t("journey-age-adult"));
    const text = await user.expectMessage("152-ФЗ");
    expect(text).toContain(
      "Кто обрабатывает (оператор): Гимназия № 3. Адрес оператора: не указан (спросите у куратора программы).",
    );
  });

  it("names the operator to the parent of a minor, and records the parent's consent with the new version", async () => {
    const child = await telegramUser();
    await child.send(`/start ${await env.invite()}`);
    await child.press(t("journey-language-name"));
    await child.press(t("journey-age-minor"));
    await child.expectMessage(t("journey-name-question"));
    await child.send("Петя");
    const request = await child.expectMessage(/start=P[0-9A-Z]{12}/);
    const parentCode = /start=(P[0-9A-Z]{12})/.exec(request)![1]!;
    const childId = await child.personId();

    const parent = child.fake.user({ firstName: "Ольга" });
    child.fake.sendText(parent, `/start ${parentCode}`);
    await child.fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === parent.id);
    const consentMessage = child.fake.chatMessages(parent.id).at(-1)!;
    expect(consentMessage.text).toContain(
      "Оператор персональных данных: Муниципальное автономное общеобразовательное учреждение «Средняя школа № 7». " +
        "Адрес оператора: 620000, г. Екатеринбург, ул. Ленина, д. 7.",
    );
    const agree = consentMessage.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string };
    const mark = child.fake.calls.length;
    child.fake.pressButton(parent, agree.callback_data, { messageId: consentMessage.message_id });
    await child.fake.waitForCall(
      "sendMessage",
      (c) =>
        Number(c.payload.chat_id) === child.user.id &&
        String(c.payload.text) === t("journey-parent-consented"),
      { since: mark },
    );
    expect(await consents(childId)).toEqual([
      { kind: "parental", given_by: "parent", text_version: "pd-2026-12-operator" },
    ]);
  });
});
