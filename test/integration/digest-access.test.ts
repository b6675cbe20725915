import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/messages.js";
import { digestAction } from "../../src/digest/render.js";
import { handleDigestButton } from "../../src/journey/digest-flow.js";
import { createTurn } from "../../src/journey/turn.js";
import { createReplies } from "../../src/pipeline/replies.js";
import { createConsoleDriver, type ChannelDriver } from "../support/channel-driver.js";
import { createJourneyEnv, type JourneyEnv } from "../support/journey-env.js";

/**
 * Who gets which digest in the chat: the organisation's curator gets theirs (with the picture), a
 * participant and another organisation's curator are refused the organisation's digest and indicators,
 * and the municipal coordinator gets the municipality's. Entering a denominator and a target by typed
 * numbers stores them for the organisation's current academic year.
 */

let env: JourneyEnv;
let municipalityId: number;
let otherOrganisationId: number;
const now = new Date("2026-12-07T06:00:00Z");

/** A person who has finished onboarding (as the journey would leave them), then given a role. */
async function member(
  externalId: string,
  name: string,
  role: { curatorOf?: number; coordinatorOf?: number; participantOf?: number },
): Promise<ChannelDriver> {
  const driver = await createConsoleDriver(env, externalId);
  await driver.send("/start");
  await driver.expectMessage(/Выберите язык|Choose/);
  const personId = await driver.personId();
  const { db } = env.database;
  await db
    .updateTable("person")
    .set({ locale: "ru", is_minor: false, display_name: name })
    .where("id", "=", personId)
    .execute();
  await db
    .insertInto("consent")
    .values({ person_id: personId, kind: "personal_data", text_version: "test", given_by: "self" })
    .execute();
  if (role.curatorOf !== undefined)
    await db
      .insertInto("membership")
      .values({
        person_id: personId,
        role: "curator",
        organisation_id: role.curatorOf,
        municipality_id: null,
      })
      .execute();
  if (role.coordinatorOf !== undefined)
    await db
      .insertInto("membership")
      .values({
        person_id: personId,
        role: "coordinator",
        organisation_id: null,
        municipality_id: role.coordinatorOf,
      })
      .execute();
  if (role.participantOf !== undefined)
    await db
      .insertInto("participant")
      .values({
        program_id: role.participantOf,
        person_id: personId,
        side: "mentee",
        category: "pupil",
        status: "active",
      })
      .execute();
  return driver;
}

beforeAll(async () => {
  env = await createJourneyEnv({ clock: () => now });
  const { db } = env.database;
  municipalityId = (
    await db.insertInto("municipality").values({ name: "Клинцы" }).returning("id").executeTakeFirstOrThrow()
  ).id;
  await db
    .updateTable("organisation")
    .set({ municipality_id: municipalityId })
    .where("id", "=", env.organisationId)
    .execute();
  otherOrganisationId = (
    await db
      .insertInto("organisation")
      .values({ name: "Гимназия № 1", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  for (const [name, status] of [
    ["Ученица Без Анкеты", "active"],
    ["Ученик Без Согласия", "pending_consent"],
  ] as const) {
    const { id } = await db
      .insertInto("person")
      .values({ display_name: name, locale: "ru", is_minor: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("participant")
      .values({ program_id: env.programId, person_id: id, side: "mentee", category: "pupil", status })
      .execute();
  }
  await db
    .insertInto("program")
    .values({
      organisation_id: otherOrganisationId,
      name: "Ученик — ученик",
      form_key: "pupil_pupil",
      academic_year: "2026/2027",
    })
    .execute();
});
afterAll(() => env.close());

describe("/digest and /indicators by role", () => {
  it("shows the curator their organisation's digest and the picture", async () => {
    const curator = await member("digest-curator", "Куратор", { curatorOf: env.organisationId });
    await curator.send("/digest");
    await curator.expectMessage("📋 Сводка за неделю · Школа № 7");
    await curator.expectMessage("📊 Показатели и цели · Школа № 7");
    await curator.expectMessage(/indicators-\d{4}-\d{2}-\d{2}\.png/);
    // The lists behind the buttons, and the picture on its own.
    await curator.press("📝 Кто без анкеты");
    await curator.expectMessage(/Не заполнили анкету в «Школа № 7» \(1\):\n• Ученица Без Анкеты\s*$/);
    await curator.press("✍️ Кто без согласия");
    await curator.expectMessage(/Ждут согласия в «Школа № 7» \(1\):\n• Ученик Без Согласия/);
    await curator.press("📊 Диаграмма");
    await curator.expectMessage(/indicators-2026-12-07\.png/);

    // A typed denominator and target, stored for the organisation's academic year.
    await curator.send(`/indicators ${env.organisationId} 1 250 40`);
    await curator.expectMessage("Сохранено.");
    await curator.expectMessage("1. Наставляемые 10–18 лет: всего 250, цель 40%");
    const row = await env.database.db
      .selectFrom("indicator_target")
      .select(["denominator", "target", "year", "scope", "updated_by_person_id"])
      .where("scope_id", "=", env.organisationId)
      .where("indicator", "=", "mentees_10_18")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ denominator: 250, year: 2026, scope: "organisation" });
    expect(Number(row.target)).toBe(40);
    expect(row.updated_by_person_id).toBe(await curator.personId());

    // Numbers that do not fit (a share over 100%) change nothing.
    await curator.send(`/indicators ${env.organisationId} 1 250 140`);
    await curator.expectMessage("Не получилось разобрать числа.");
    await curator.close();
  });

  it("refuses a participant", async () => {
    const pupil = await member("digest-pupil", "Ученик", { participantOf: env.programId });
    await pupil.send("/digest");
    await pupil.expectMessage("Сводка — для кураторов организации и муниципальных координаторов.");
    await pupil.send(`/indicators ${env.organisationId} 1 1 1`);
    await pupil.expectMessage("Сводка — для кураторов организации и муниципальных координаторов.");
    await pupil.close();
  });

  it("refuses another organisation's curator this organisation's data", async () => {
    const stranger = await member("digest-stranger", "Чужой куратор", { curatorOf: otherOrganisationId });
    await stranger.send("/digest");
    await stranger.expectMessage("📋 Сводка за неделю · Гимназия № 1");
    await stranger.send(`/indicators ${env.organisationId}`);
    await stranger.expectMessage("Эта организация не относится к вам");
    // A button about the school (forwarded, or made up) shows nothing of it either.
    for (const verb of ["org", "forms", "chart", "indicators", "inddef"]) {
      const replies = createReplies();
      const event: InboundEvent = {
        kind: "button",
        channel: "console",
        eventId: `forged-${verb}`,
        account: {
          channel: "console",
          accountId: 0,
          personId: await stranger.personId(),
          externalId: "digest-stranger",
          chatId: "digest-stranger",
          locale: "ru",
          localeChosen: true,
          firstContact: false,
        },
        sender: {},
        receivedAt: now,
        action: digestAction(verb, env.organisationId),
      };
      const turn = await createTurn(
        {
          translator: env.translator,
          forms: env.forms,
          deepLink: () => undefined,
          notify: () => Promise.resolve(),
          clock: () => now,
          defaultTimeZone: "Europe/Moscow",
        },
        event,
        { db: env.database.db, replies },
      );
      expect(await handleDigestButton(turn, event.action)).toBe(true);
      expect(replies.ops).toEqual([
        { kind: "send", message: { text: env.translator.t("ru", "digest-not-yours") } },
      ]);
    }
    await stranger.send(`/indicators ${env.organisationId} 1 999 99`);
    await stranger.expectMessage("Эта организация не относится к вам");
    const row = await env.database.db
      .selectFrom("indicator_target")
      .select("denominator")
      .where("scope_id", "=", env.organisationId)
      .where("indicator", "=", "mentees_10_18")
      .executeTakeFirstOrThrow();
    expect(row.denominator).toBe(250);
    await stranger.close();
  });

  it("gives the coordinator the municipal digest and the municipality's organisations' indicators", async () => {
    const coordinator = await member("digest-coordinator", "Координатор", { coordinatorOf: municipalityId });
    await coordinator.send("/digest");
    await coordinator.expectMessage("🏛 Сводка по муниципалитету · Клинцы");
    await coordinator.expectMessage(`• Школа № 7 (/digest ${env.organisationId}): участников`);
    // One of the municipality's schools in full, and not a school of another municipality.
    await coordinator.send(`/digest ${env.organisationId}`);
    await coordinator.expectMessage("📋 Сводка за неделю · Школа № 7");
    await coordinator.send(`/digest ${otherOrganisationId}`);
    await coordinator.expectMessage("Эта организация не относится к вам");
    await coordinator.send(`/indicators ${env.organisationId} 4 12 3 30`);
    await coordinator.expectMessage(
      "4. Организации-партнёры с наставниками: с наставниками 3 из 12, цель 30%",
    );
    // Not the other municipality-less organisation.
    await coordinator.send(`/indicators ${otherOrganisationId}`);
    await coordinator.expectMessage("Эта организация не относится к вам");
    await coordinator.close();
  });
});
