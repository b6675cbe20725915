import { describe, expect, it } from "vitest";
import { formDefinition } from "../../src/core/forms/definition.js";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import type { Input, Result } from "../../src/core/forms/types.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator } from "../../src/i18n/translator.js";
import { renderFormPrompts } from "../../src/journey/render-form.js";
import { people } from "../fixtures/forms/definitions.js";
import {
  choose,
  cursorOf,
  done,
  drive,
  MOSCOW,
  noticeKeys,
  page,
  questionPrompt,
  skip,
  summaryPrompt,
  text,
} from "../fixtures/forms/driver.js";

/** A multi-select pick (who of a group came) and answers given in advance (a check-in's usual values). */

const form = formDefinition.parse({
  key: "attendance_fixture",
  version: 1,
  audience: "mentor",
  title: "fixture-title",
  questions: [
    { key: "came", kind: "pick", multiple: true, text: "fixture-mentor", source: "group", pageSize: 3 },
    { key: "why", kind: "text", text: "fixture-name", optional: true },
    {
      key: "kind",
      kind: "single_choice",
      text: "fixture-role",
      options: [
        { value: "a", label: "fixture-a" },
        { value: "b", label: "fixture-b" },
      ],
    },
    { key: "more", kind: "text", text: "fixture-name", showIf: { question: "kind", equals: "b" } },
  ],
});
const ctx = { ...MOSCOW, sources: { group: people(5) } };
const begin = () => startForm(form, ctx);
const send = (r: Result, input: Input) => handleInput(form, r.state, input, MOSCOW);

describe("a multiple pick", () => {
  it("toggles across pages, keeps list order and finishes with Done", () => {
    let r = drive(form, begin(), [
      ["came", choose("came", "p2")],
      ["came", page("came", 1)],
      ["came", choose("came", "p5")],
      ["came", page("came", 0)],
      ["came", choose("came", "p1")],
    ]);
    const q = questionPrompt(r);
    if (q.expects.kind !== "pick") throw new Error("kind");
    expect(q.expects.multiple).toBe(true);
    expect(q.expects.options.filter((o) => o.selected).map((o) => o.value)).toEqual(["p1", "p2"]);
    expect(q.actions.map((a) => a.action)).toContain("done");
    expect(q.help?.key).toBe("forms-engine-help-pick-multiple");
    r = drive(form, r, [
      ["came", choose("came", "p2")],
      ["came", done("came")],
    ]);
    expect(r.state.answers.came).toEqual(["p1", "p5"]);
    expect(r.effects).toContainEqual({ type: "set_answer", question: "came", value: ["p1", "p5"] });
  });

  it("refuses Done with nobody ticked, unknown values and numbers beyond the list", () => {
    const r = send(begin(), done("came"));
    expect(r.outcome).toBe("invalid");
    expect(noticeKeys(r)).toEqual(["forms-engine-invalid-multiple-min"]);
    expect(send(begin(), choose("came", "p9")).outcome).toBe("stale");
    expect(noticeKeys(send(begin(), text("2, 6")))).toEqual(["forms-engine-invalid-option-number"]);
  });

  it("takes typed numbers in any order and stores them in list order", () => {
    const r = send(begin(), text("4, 1 2"));
    expect(r.outcome).toBe("accepted");
    expect(r.state.answers.came).toEqual(["p1", "p2", "p4"]);
  });

  it("shows every chosen name in the summary, and back reopens the ticks", () => {
    let r = drive(form, begin(), [
      ["came", text("3,1")],
      ["why", skip("why")],
      ["kind", choose("kind", "a")],
    ]);
    const item = summaryPrompt(r).items.find((i) => i.question === "came")!;
    expect(item.answer).toMatchObject({ type: "options", ordered: false });
    if (item.answer.type !== "options") throw new Error("display");
    expect(item.answer.labels.map((l) => l.args?.name)).toEqual(["P 1", "P 3"]);
    r = drive(form, r, [["summary", { type: "edit", question: "came" }]]);
    const q = questionPrompt(r);
    if (q.expects.kind !== "pick") throw new Error("kind");
    expect(q.expects.options.filter((o) => o.selected).map((o) => o.value)).toEqual(["p1", "p3"]);
  });

  it("is drawn with ticks on a channel", async () => {
    const translator = await loadTranslator();
    const r = send(begin(), choose("came", "p2"));
    const [message] = renderFormPrompts(r.prompts, { session: 1, locale: "ru", translator });
    const labels = (message?.buttons ?? []).flat().map((b) => b.label);
    expect(labels.filter((l) => l.startsWith("✅ "))).toHaveLength(1);
    expect(labels.filter((l) => l.startsWith("▫️ "))).toHaveLength(2);
  });
});

describe("answers given in advance", () => {
  it("keeps the valid ones, stores them, and opens on the first question left", () => {
    const r = startForm(form, ctx, { came: ["p2", "p1"], kind: "a", why: "", more: "x" });
    // ["p2", "p1"] is out of list order and "" is too short: both are asked; "more" is hidden by "a".
    expect(r.state.answers).toEqual({ kind: "a" });
    expect(r.effects).toEqual([{ type: "set_answer", question: "kind", value: "a" }]);
    expect(cursorOf(r)).toBe("came");
  });

  it("goes straight to the summary when every question has one", () => {
    const r = startForm(form, ctx, { came: ["p1"], why: "потому что", kind: "b", more: "ещё" });
    expect(cursorOf(r)).toBe("summary");
    expect(r.effects).toHaveLength(4);
  });

  it("leaves a check-in with the usual defaults at the topics, then the next date", () => {
    const checkin = createFormRegistry(builtInForms).latest("meeting_checkin")!;
    const r = startForm(
      checkin,
      { ...MOSCOW, sources: { pair_mentees: [] } },
      { meeting_type: "regular", held_on: "2026-11-23", format: "online", length_minutes: 45 },
    );
    expect(cursorOf(r)).toBe("topics");
    const after = drive(checkin, r, [
      ["topics", choose("topics", "study")],
      ["topics", done("topics")],
      ["topics_note", skip("topics_note")],
      ["next_on", { type: "date", question: "next_on", shortcut: "in_a_week" }],
    ]);
    expect(cursorOf(after)).toBe("summary");
  });
});
