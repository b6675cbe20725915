import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import type { Input, QuestionPrompt } from "../../src/core/forms/types.js";
import { createFormSessionRepository } from "../../src/form-sessions/form-session.repository.js";
import {
  createFormSessionService,
  type FormSessionService,
  type FormTurn,
} from "../../src/form-sessions/form-session.service.js";
import type { Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { lists, people, visit, visitV2 } from "../fixtures/forms/definitions.js";

let database: TestDatabase;
let programId: number;
let otherProgramId: number;
/** 09:00 UTC on 23 November 2026: already 19:00 in Vladivostok, where the organisation is. */
let now = new Date("2026-11-23T09:00:00Z");
const clock = () => now;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const organisation = await db
    .insertInto("organisation")
    .values({ name: "Школа № 1", kind: "school", time_zone: "Asia/Vladivostok" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const program = (name: string) =>
    db
      .insertInto("program")
      .values({ organisation_id: organisation.id, name, form_key: "pupil_pupil", academic_year: "2026/2027" })
      .returning("id")
      .executeTakeFirstOrThrow();
  programId = (await program("Наставничество 7-х классов")).id;
  otherProgramId = (await program("Другая программа")).id;
});

afterAll(async () => {
  await database.close();
});

async function newPerson(options: { timeZone?: string; erased?: boolean } = {}): Promise<number> {
  const row = await database.db
    .insertInto("person")
    .values({
      display_name: "Участник",
      locale: "ru",
      time_zone: options.timeZone ?? null,
      erased_at: options.erased ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function join(personId: number, program: number, side: Side, status: "active" | "left" = "active") {
  await database.db
    .insertInto("participant")
    .values({ program_id: program, person_id: personId, side, category: "pupil", status })
    .execute();
}

function service(
  definitions = [visit],
  onSubmit?: Parameters<typeof createFormSessionService>[0]["onSubmit"],
) {
  return createFormSessionService({
    db: database.db,
    registry: createFormRegistry(definitions),
    clock,
    ...(onSubmit ? { onSubmit } : {}),
  });
}

function question(turn: FormTurn | undefined): QuestionPrompt {
  const prompt = turn?.prompts.at(-1);
  if (prompt?.type !== "question") throw new Error(`expected a question, got ${JSON.stringify(turn)}`);
  return prompt;
}

async function send(forms: FormSessionService, personId: number, sessionId: number, input: Input) {
  return forms.handle({ personId, sessionId, input });
}

async function sessionRow(id: number) {
  return database.db.selectFrom("form_session").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function answerRows(sessionId: number) {
  return database.db
    .selectFrom("answer")
    .select(["question_key", "form_version", "value"])
    .where("form_session_id", "=", sessionId)
    .orderBy("question_key")
    .execute();
}

describe("form sessions in Postgres", () => {
  it("saves after every answer and continues on a new service instance at the same step", async () => {
    const person = await newPerson();
    let forms = service();
    const started = await forms.open({ personId: person, formKey: "visit", programId });
    expect(started.outcome).toBe("started");
    expect(question(started).question).toBe("held_on");
    const id = started.sessionId;

    expect((await send(forms, person, id, { type: "text", text: "сегодня" })).outcome).toBe("accepted");
    await send(forms, person, id, { type: "choose", question: "topics", value: "art" });
    await send(forms, person, id, { type: "choose", question: "topics", value: "science" });
    // The toggles are saved too, though no answer is final yet.
    expect(await answerRows(id)).toEqual([{ question_key: "held_on", form_version: 1, value: "2026-11-23" }]);

    // The instance is gone (a restart, a redeploy); another one continues from Postgres alone.
    forms = service();
    const resumed = await forms.open({ personId: person, formKey: "visit", programId });
    expect(resumed.outcome).toBe("shown");
    expect(resumed.sessionId).toBe(id);
    const prompt = question(resumed);
    expect(prompt.question).toBe("topics");
    if (prompt.expects.kind !== "multiple_choice") throw new Error("kind");
    expect(prompt.expects.options.filter((o) => o.selected).map((o) => o.value)).toEqual(["science", "art"]);

    const done = await send(service(), person, id, { type: "done", question: "topics" });
    expect(question(done).question).toBe("useful");
    const row = await sessionRow(id);
    expect(row).toMatchObject({ status: "in_progress", step: "useful", form_version: 1, revision: 4 });
    expect(await answerRows(id)).toEqual([
      { question_key: "held_on", form_version: 1, value: "2026-11-23" },
      { question_key: "topics", form_version: 1, value: ["science", "art"] },
    ]);
  });

  it("computes 'today' in the organisation's zone unless the person has their own", async () => {
    now = new Date("2026-11-23T20:00:00Z"); // 06:00 on the 24th in Vladivostok, 23:00 on the 23rd in Moscow
    try {
      const local = await newPerson();
      const forms = service();
      const turn = await forms.open({ personId: local, formKey: "visit", programId });
      await send(forms, local, turn.sessionId, { type: "date", question: "held_on", shortcut: "today" });
      expect((await answerRows(turn.sessionId))[0]?.value).toBe("2026-11-24");

      const moscow = await newPerson({ timeZone: "Europe/Moscow" });
      const other = await forms.open({ personId: moscow, formKey: "visit", programId });
      const late = await send(forms, moscow, other.sessionId, { type: "text", text: "24.11.2026" });
      expect(late.outcome).toBe("invalid");
      expect(late.prompts[0]).toMatchObject({
        type: "notice",
        text: { key: "forms-engine-invalid-date-late" },
      });
    } finally {
      now = new Date("2026-11-23T09:00:00Z");
    }
  });

  it("deletes the answers a change hid, and submits with everything in the answer table", async () => {
    const person = await newPerson();
    const forms = service();
    const { sessionId: id } = await forms.open({ personId: person, formKey: "visit", programId });
    for (const input of [
      { type: "text", text: "22.11.2026" },
      { type: "text", text: "1, 2" },
      { type: "choose", question: "useful", value: "2" },
      { type: "choose", question: "follow_up", value: "yes" },
    ] satisfies Input[]) {
      expect((await send(forms, person, id, input)).outcome).toBe("accepted");
    }
    expect((await answerRows(id)).map((r) => r.question_key)).toEqual([
      "follow_up",
      "held_on",
      "topics",
      "useful",
    ]);
    await send(forms, person, id, { type: "back", question: "comment" });
    await send(forms, person, id, { type: "back", question: "follow_up" });
    const changed = await send(forms, person, id, { type: "choose", question: "useful", value: "5" });
    expect(question(changed).question).toBe("comment");
    expect((await answerRows(id)).map((r) => r.question_key)).toEqual(["held_on", "topics", "useful"]);

    await send(forms, person, id, { type: "text", text: "  Всё понравилось " });
    const submitted = await send(forms, person, id, { type: "submit", question: "_summary" });
    expect(submitted.outcome).toBe("submitted");
    expect(submitted.status).toBe("submitted");
    expect(submitted.answers).toEqual({
      held_on: "2026-11-22",
      topics: ["science", "sport"],
      useful: 5,
      comment: "Всё понравилось",
    });
    expect(await sessionRow(id)).toMatchObject({ status: "submitted", step: "_done" });
    expect((await sessionRow(id)).submitted_at).toEqual(now);
    expect(await answerRows(id)).toEqual([
      { question_key: "comment", form_version: 1, value: "Всё понравилось" },
      { question_key: "held_on", form_version: 1, value: "2026-11-22" },
      { question_key: "topics", form_version: 1, value: ["science", "sport"] },
      { question_key: "useful", form_version: 1, value: 5 },
    ]);
    expect(await forms.hasSubmitted(person, "visit", programId)).toBe(true);
    expect(await forms.hasSubmitted(person, "visit", otherProgramId)).toBe(false);

    // A tap on an old button of the finished form changes nothing.
    const revision = (await sessionRow(id)).revision;
    const stale = await send(forms, person, id, { type: "choose", question: "useful", value: "1" });
    expect(stale.outcome).toBe("stale");
    expect(stale.prompts).toEqual([
      { type: "notice", tone: "info", text: { key: "forms-engine-stale-finished" } },
    ]);
    expect((await sessionRow(id)).revision).toBe(revision);
    // Opening the form again after submitting starts a new session.
    const again = await forms.open({ personId: person, formKey: "visit", programId });
    expect(again.sessionId).not.toBe(id);
    expect(again.outcome).toBe("started");
  });

  it("answers another person's session, or none, as stale and changes nothing", async () => {
    const owner = await newPerson();
    const intruder = await newPerson();
    const forms = service();
    const { sessionId } = await forms.open({ personId: owner, formKey: "visit", programId });
    const before = await sessionRow(sessionId);
    const turn = await send(forms, intruder, sessionId, {
      type: "date",
      question: "held_on",
      shortcut: "today",
    });
    expect(turn).toMatchObject({ outcome: "stale", formKey: null, status: null });
    expect(await sessionRow(sessionId)).toEqual(before);
    expect((await send(forms, owner, 999_999, { type: "show" })).outcome).toBe("stale");
    // Typed text with no session id goes to the person's latest open session, and nowhere without one.
    expect(
      await forms.handle({ personId: await newPerson(), input: { type: "text", text: "1" } }),
    ).toBeUndefined();
    const typed = await forms.handle({ personId: owner, input: { type: "text", text: "вчера" } });
    expect(typed?.sessionId).toBe(sessionId);
    expect(typed?.outcome).toBe("accepted");
  });

  it("lists a person's open sessions with their progress and shows the current one again", async () => {
    const person = await newPerson();
    const forms = service([visit, lists]);
    const first = await forms.open({ personId: person, formKey: "visit", programId });
    await send(forms, person, first.sessionId, { type: "text", text: "сегодня" });
    const second = await forms.open({
      personId: person,
      formKey: "lists",
      programId,
      subjectKey: "group_meeting:1",
      sources: { people: people(4) },
    });
    const open = await forms.openSessions(person);
    expect(open.map((s) => [s.sessionId, s.formKey, s.subjectKey, s.progress])).toEqual([
      [second.sessionId, "lists", "group_meeting:1", { current: 1, total: 2 }],
      [first.sessionId, "visit", "", { current: 2, total: 4 }],
    ]);
    expect(open[0]?.title).toEqual({ key: "fixture-title" });
    const shown = await forms.show({ personId: person, sessionId: first.sessionId });
    expect(shown?.outcome).toBe("shown");
    expect(question(shown).question).toBe("topics");
    // The run-time list was stored with the session: inputs need not repeat it.
    const picked = await send(forms, person, second.sessionId, {
      type: "choose",
      question: "ranked",
      value: "p3",
    });
    expect(picked.outcome).toBe("updated");
    expect(await forms.show({ personId: await newPerson() })).toBeUndefined();
  });

  it("two taps at once on one session: both toggles kept, one of two answers wins, the other is stale", async () => {
    const person = await newPerson();
    const forms = service();
    const other = service();
    const { sessionId: id } = await forms.open({ personId: person, formKey: "visit", programId });
    await send(forms, person, id, { type: "text", text: "сегодня" });

    const toggles = await Promise.all([
      send(forms, person, id, { type: "choose", question: "topics", value: "sport" }),
      send(other, person, id, { type: "choose", question: "topics", value: "career" }),
      send(forms, person, id, { type: "choose", question: "topics", value: "art" }),
    ]);
    expect(toggles.map((t) => t.outcome)).toEqual(["updated", "updated", "updated"]);
    const draft = (await sessionRow(id)).state as { draft: { selected: string[] } };
    expect(draft.draft.selected).toEqual(["sport", "art", "career"]);
    await send(forms, person, id, { type: "done", question: "topics" });

    const revision = (await sessionRow(id)).revision;
    const answers = await Promise.all([
      send(forms, person, id, { type: "choose", question: "useful", value: "4" }),
      send(other, person, id, { type: "choose", question: "useful", value: "1" }),
    ]);
    expect(answers.map((a) => a.outcome).sort()).toEqual(["accepted", "stale"]);
    const winner = answers.find((a) => a.outcome === "accepted")!;
    const stored = (await answerRows(id)).find((r) => r.question_key === "useful");
    expect(stored?.value).toBe(winner === answers[0] ? 4 : 1);
    expect((await sessionRow(id)).revision).toBe(revision + 1);

    // Two typed messages at once: the second is not taken as the answer to the next question.
    const texts = await Promise.all([
      send(forms, person, id, { type: "text", text: "Первый" }),
      send(other, person, id, { type: "text", text: "Второй" }),
    ]);
    const row = await sessionRow(id);
    const accepted = texts.filter((t) => t.outcome === "accepted");
    if (stored?.value === 4) {
      // After 4 the next question is the comment: one text is the comment; the other was meant for
      // the comment too and is refused (stale if it read the comment step, invalid at the summary).
      expect(accepted).toHaveLength(1);
      expect(["stale", "invalid"]).toContain(texts.find((t) => t !== accepted[0])?.outcome);
      expect(row.step).toBe("_summary");
      const comments = (await answerRows(id)).filter((r) => r.question_key === "comment");
      expect(comments).toHaveLength(1);
      expect(["Первый", "Второй"]).toContain(comments[0]?.value);
    } else {
      // After 1 comes the yes/no follow-up: both texts are refused there and nothing moves.
      expect(texts.map((t) => t.outcome)).toEqual(["invalid", "invalid"]);
      expect(row.step).toBe("follow_up");
    }
  });

  it("two instances opening the same form at once share one session", async () => {
    const person = await newPerson();
    const turns = await Promise.all([
      service().open({ personId: person, formKey: "visit", programId }),
      service().open({ personId: person, formKey: "visit", programId }),
    ]);
    expect(turns[0].sessionId).toBe(turns[1].sessionId);
    const count = await database.db
      .selectFrom("form_session")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("person_id", "=", person)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("a session started on version 1 finishes on version 1 after version 2 is registered", async () => {
    const person = await newPerson();
    const old = await service([visit]).open({ personId: person, formKey: "visit", programId });
    const forms = service([visit, visitV2]);
    const resumed = await forms.open({ personId: person, formKey: "visit", programId });
    expect(resumed.sessionId).toBe(old.sessionId);
    expect(resumed.formVersion).toBe(1);
    expect(question(resumed).question).toBe("held_on");
    // A button from version 2 (its first question) is stale here.
    const v2Button = await send(forms, person, old.sessionId, {
      type: "choose",
      question: "format",
      value: "online",
    });
    expect(v2Button.outcome).toBe("stale");
    for (const input of [
      { type: "text", text: "сегодня" },
      { type: "text", text: "3" },
      { type: "text", text: "5" },
      { type: "skip", question: "comment" },
      { type: "submit" },
    ] satisfies Input[]) {
      await send(forms, person, old.sessionId, input);
    }
    expect(await sessionRow(old.sessionId)).toMatchObject({ status: "submitted", form_version: 1 });
    expect((await answerRows(old.sessionId)).map((r) => r.form_version)).toEqual([1, 1, 1]);

    const fresh = await forms.open({ personId: person, formKey: "visit", programId, subjectKey: "second" });
    expect(fresh.formVersion).toBe(2);
    expect(question(fresh).question).toBe("format");
    await send(forms, person, fresh.sessionId, { type: "choose", question: "format", value: "online" });
    expect(await answerRows(fresh.sessionId)).toEqual([
      { question_key: "format", form_version: 2, value: "online" },
    ]);
  });

  it("runs the submit hook in the submitting transaction, and a failing hook submits nothing", async () => {
    const person = await newPerson();
    const seen: string[] = [];
    const forms = service([visit], async (form, trx) => {
      seen.push(`${form.formKey}:${String(form.answers.useful)}`);
      await trx
        .updateTable("person")
        .set({ display_name: "Сдал анкету" })
        .where("id", "=", form.personId)
        .execute();
      if (form.answers.useful === 1) throw new Error("the hook refused");
    });
    const { sessionId: id } = await forms.open({ personId: person, formKey: "visit", programId });
    for (const text of ["сегодня", "1", "1", "нет"]) await send(forms, person, id, { type: "text", text });
    await send(forms, person, id, { type: "skip" });
    await expect(send(forms, person, id, { type: "submit" })).rejects.toThrow(/the hook refused/);
    expect(await sessionRow(id)).toMatchObject({ status: "in_progress", step: "_summary" });
    const name = () =>
      database.db
        .selectFrom("person")
        .select("display_name")
        .where("id", "=", person)
        .executeTakeFirstOrThrow();
    expect((await name()).display_name).toBe("Участник");

    await send(forms, person, id, { type: "edit", question: "useful" });
    await send(forms, person, id, { type: "text", text: "4" });
    const submitted = await send(forms, person, id, { type: "submit" });
    expect(submitted.outcome).toBe("submitted");
    expect(seen).toEqual(["visit:1", "visit:4"]);
    expect((await name()).display_name).toBe("Сдал анкету");
    expect(await answerRows(id)).not.toContainEqual(expect.objectContaining({ question_key: "follow_up" }));
  });

  it("a write based on an old revision loses", async () => {
    const person = await newPerson();
    const { sessionId: id } = await service().open({ personId: person, formKey: "visit", programId });
    const repository = createFormSessionRepository(database.db);
    const read = (await repository.findById(id))!;
    const change = {
      id,
      revision: read.revision,
      state: read.state as never,
      step: "x",
      status: "in_progress" as const,
      now,
    };
    expect(await repository.saveState(change)).toBe(true);
    expect(await repository.saveState(change)).toBe(false);
    expect((await sessionRow(id)).revision).toBe(read.revision + 1);
  });
});

describe("who has not finished a form", () => {
  it("lists exactly the active participants of the programme on the form's side who have not submitted it", async () => {
    const forms = service();
    const done = await newPerson();
    const started = await newPerson();
    const notStarted = await newPerson();
    const left = await newPerson();
    const erased = await newPerson({ erased: true });
    const mentor = await newPerson();
    const elsewhere = await newPerson();
    const doneElsewhere = await newPerson();
    const bothSides = await newPerson();
    for (const person of [done, started, notStarted, erased, doneElsewhere])
      await join(person, programId, "mentee");
    await join(left, programId, "mentee", "left");
    await join(mentor, programId, "mentor");
    await join(elsewhere, otherProgramId, "mentee");
    await join(doneElsewhere, otherProgramId, "mentee");
    await join(bothSides, programId, "mentee");
    await join(bothSides, programId, "mentor");

    const finish = async (person: number, program: number) => {
      const { sessionId } = await forms.open({ personId: person, formKey: "visit", programId: program });
      for (const text of ["сегодня", "1", "5"]) await send(forms, person, sessionId, { type: "text", text });
      await send(forms, person, sessionId, { type: "skip" });
      expect((await send(forms, person, sessionId, { type: "submit" })).outcome).toBe("submitted");
    };
    await finish(done, programId);
    await finish(doneElsewhere, otherProgramId);
    const open = await forms.open({ personId: started, formKey: "visit", programId });
    await send(forms, started, open.sessionId, { type: "text", text: "сегодня" });

    // Everyone else in this test file joined no programme, so the list is exactly these.
    const unfinished = await forms.listUnfinished(programId, "visit");
    expect(unfinished).toEqual(
      [
        { personId: started, openSessionId: open.sessionId, step: "topics" },
        { personId: notStarted, openSessionId: null, step: null },
        { personId: doneElsewhere, openSessionId: null, step: null },
        { personId: bothSides, openSessionId: null, step: null },
      ].sort((a, b) => a.personId - b.personId),
    );
    expect(await forms.listUnfinished(otherProgramId, "visit")).toEqual([
      { personId: elsewhere, openSessionId: null, step: null },
    ]);
    await expect(forms.listUnfinished(programId, "no_such_form")).rejects.toThrow(/Unknown form/);
  });
});
