import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { recordPreferences } from "../../src/pairing/pairing.repository.js";
import type { Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** Monday 7 December 2026, 11:00 in Tomsk (UTC+7). */
const NOW = new Date("2026-12-07T04:00:00Z");

let database: TestDatabase;
let translator: Translator;
let programId: number;

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    {
      config: createConfig({ DATA_DIR: "memory://", DEFAULT_TIMEZONE: "Europe/Moscow" }),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => NOW,
      translator,
      locale: "ru",
      openDatabase: () => Promise.resolve(database.db),
    },
    argv,
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function participant(name: string, side: Side) {
  const { db } = database;
  const { id: personId } = await db
    .insertInto("person")
    .values({ display_name: name, locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: personId, channel: "console", external_id: `c${personId}`, chat_id: `c${personId}` })
    .execute();
  const { id } = await db
    .insertInto("participant")
    .values({
      program_id: programId,
      person_id: personId,
      side,
      category: side === "mentor" ? "teacher" : "pupil",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { personId, participantId: id };
}

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  const { db } = database;
  const { id: organisationId } = await db
    .insertInto("organisation")
    .values({ name: "Лицей", kind: "school", time_zone: "Asia/Tomsk" })
    .returning("id")
    .executeTakeFirstOrThrow();
  programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: "Ученик — ученик",
        form_key: "pupil_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

describe("group meeting and poll from the command line", () => {
  it("records who was there, queues the poll for them, and closes it into a proposal", async () => {
    const mentor = await participant("Марина", "mentor");
    const mentee = await participant("Аня", "mentee");
    const absent = await participant("Борис", "mentee");

    const opened = await cli([
      "group-meeting",
      "--program",
      String(programId),
      "--absent",
      String(absent.participantId),
    ]);
    expect(opened.stderr).toBe("");
    expect(opened.code).toBe(0);
    // Three days on at 20:00 in Tomsk.
    expect(opened.stdout).toMatch(/очередь для 2 участников .*закроется 10 декабря в 20:00/);
    const queued = await database.db
      .selectFrom("delivery")
      .select("person_id")
      .where("kind", "=", "pairing.poll")
      .orderBy("person_id")
      .execute();
    expect(queued.map((d) => d.person_id)).toEqual([mentor.personId, mentee.personId]);
    const meeting = await database.db
      .selectFrom("group_meeting")
      .select(["id", "poll_closes_at"])
      .where("program_id", "=", programId)
      .executeTakeFirstOrThrow();
    expect(meeting.poll_closes_at?.toISOString()).toBe("2026-12-10T13:00:00.000Z");

    await recordPreferences(database.db, {
      groupMeetingId: meeting.id,
      personId: mentee.personId,
      ranked: [mentor.participantId],
    });
    await recordPreferences(database.db, {
      groupMeetingId: meeting.id,
      personId: mentor.personId,
      ranked: [mentee.participantId],
    });

    const closed = await cli(["close-poll", "--program", String(programId)]);
    expect(closed.code).toBe(0);
    // Борис was not there, so the matching leaves him out (the chat lists him as still without a pair).
    expect(closed.stdout).toContain("Предложено пар: 1, без пары: 0");
    const again = await cli(["close-poll", "--program", String(programId)]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("нет открытого опроса");
  });

  it("refuses a malformed absent list and an unknown programme, changing nothing", async () => {
    const before = await database.db.selectFrom("group_meeting").select("id").execute();
    const malformed = await cli(["group-meeting", "--program", String(programId), "--absent", "Борис"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("не список id участников");
    const unknown = await cli(["group-meeting", "--program", "999999"]);
    expect(unknown.code).toBe(2);
    expect(await database.db.selectFrom("group_meeting").select("id").execute()).toEqual(before);
  });
});
