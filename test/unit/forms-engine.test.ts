import { describe, expect, it } from "vitest";
import { handleInput, progressOf, startForm, stepOf } from "../../src/core/forms/engine.js";
import { parseFormState } from "../../src/core/forms/state.js";
import type { Input, Result } from "../../src/core/forms/types.js";
import {
  branching,
  fixtureSources,
  kitchenSink,
  kitchenSinkV2,
  lists,
  people,
} from "../fixtures/forms/definitions.js";
import {
  back,
  choose,
  cursorOf,
  date,
  done,
  drive,
  edit,
  MOSCOW,
  noticeKeys,
  page,
  questionPrompt,
  skip,
  submit,
  summaryPrompt,
  text,
  undo,
} from "../fixtures/forms/driver.js";

const ctx = { ...MOSCOW, sources: fixtureSources };
const begin = () => startForm(kitchenSink, ctx);
const send = (r: Result, input: Input) => handleInput(kitchenSink, r.state, input, MOSCOW);

/** Answers the kitchen sink up to (not including) `stop`. */
function upTo(stop: string): Result {
  const script: [string, Input][] = [
    ["role", choose("role", "pupil")],
    ["interests", choose("interests", "science")],
    ["interests", done("interests")],
    ["comfort", choose("comfort", "7")],
    ["name", text("Аня")],
    ["story", skip("story")],
    ["hours", text("1,5")],
    ["grade", text("8")],
    ["met_on", date("met_on", "yesterday")],
    ["next_on", skip("next_on")],
    ["happened", choose("happened", "yes")],
    ["useful", choose("useful", "4")],
    ["mentor", choose("mentor", "m2")],
    ["wishes", choose("wishes", "m1")],
    ["wishes", choose("wishes", "m3")],
    ["wishes", choose("wishes", "m2")],
    ["format", choose("format", "online")],
    ["format", choose("format", "mixed")],
  ];
  const index = script.findIndex(([key]) => key === stop);
  return drive(kitchenSink, begin(), index === -1 ? script : script.slice(0, index));
}

/** Sends an input that must be refused, and checks the refusal changed nothing. */
function refused(r: Result, input: Input, outcome: "invalid" | "stale", notice?: string): Result {
  const before = structuredClone(r.state);
  const next = send(r, input);
  expect(next.outcome, JSON.stringify(input)).toBe(outcome);
  expect(next.state).toEqual(before);
  expect(r.state).toEqual(before);
  expect(next.effects).toEqual([]);
  if (notice) expect(noticeKeys(next)).toEqual([`forms-engine-${notice}`]);
  // The same question (or summary) is shown again after the notice.
  expect(next.prompts.at(-1)?.type).toBe(r.state.cursor.at === "summary" ? "summary" : "question");
  return next;
}

describe("starting a form", () => {
  it("shows the intro, the info items before the first question, and the first question with progress", () => {
    const r = begin();
    expect(r.outcome).toBe("started");
    expect(r.prompts.map((p) => p.type)).toEqual(["intro", "info", "question"]);
    expect(r.prompts[0]).toEqual({
      type: "intro",
      title: { key: "fixture-title" },
      text: { key: "fixture-intro" },
    });
    const q = questionPrompt(r);
    expect(q.question).toBe("role");
    // role, interests, comfort, name, story, hours, met_on, next_on, happened, mentor, wishes, format.
    expect(q.progress).toEqual({
      current: 1,
      total: 12,
      text: { key: "forms-engine-progress", args: { current: 1, total: 12 } },
    });
    expect(q.actions.map((a) => a.action)).toEqual([]);
    expect(r.state.answers).toEqual({});
    expect(stepOf(r.state)).toBe("role");
  });

  it("counts questions made visible by an answer in the progress", () => {
    const r = drive(kitchenSink, begin(), [["role", choose("role", "pupil")]]);
    // grade appears for pupils.
    expect(questionPrompt(r).progress).toMatchObject({ current: 2, total: 13 });
    expect(progressOf(kitchenSink, r.state)).toEqual({ current: 2, total: 13 });
  });
});

describe("single choice", () => {
  it("takes a button and moves on", () => {
    const r = send(begin(), choose("role", "teacher"));
    expect(r.outcome).toBe("accepted");
    expect(r.effects).toEqual([{ type: "set_answer", question: "role", value: "teacher" }]);
    expect(r.state.answers.role).toBe("teacher");
    expect(cursorOf(r)).toBe("interests");
  });

  it("takes the option number typed, including the last one", () => {
    expect(send(begin(), text("2")).state.answers.role).toBe("teacher");
    expect(send(begin(), text(" 3 ")).state.answers.role).toBe("other");
    expect(send(begin(), text("1.")).state.answers.role).toBe("pupil");
  });

  it("refuses numbers outside the list and words, with the count in the message", () => {
    const r = refused(begin(), text("4"), "invalid", "invalid-option-number");
    expect(r.prompts[0]).toMatchObject({ tone: "error", text: { args: { count: 3 } } });
    refused(begin(), text("0"), "invalid");
    refused(begin(), text("учитель"), "invalid");
    refused(begin(), text(""), "invalid");
  });

  it("treats an unknown option value as a stale button", () => {
    refused(begin(), choose("role", "director"), "stale", "stale");
  });

  it("renders options with numbers and the selected one after back", () => {
    const r = send(send(begin(), choose("role", "other")), back("interests"));
    const q = questionPrompt(r);
    if (q.expects.kind !== "single_choice") throw new Error("kind");
    expect(q.expects.options.map((o) => [o.number, o.value, o.selected])).toEqual([
      [1, "pupil", false],
      [2, "teacher", false],
      [3, "other", true],
    ]);
    expect(q.expects.options[0]!.input).toEqual(choose("role", "pupil"));
    expect(q.current?.answer).toEqual({
      type: "options",
      labels: [{ key: "fixture-role-other" }],
      ordered: false,
    });
  });
});

describe("multiple choice", () => {
  const at = () => upTo("interests");

  it("toggles in option order, unticks, and finishes with done", () => {
    let r = send(at(), choose("interests", "art"));
    expect(r.outcome).toBe("updated");
    expect(r.effects).toEqual([]);
    r = send(r, choose("interests", "science"));
    r = send(r, choose("interests", "career"));
    r = send(r, choose("interests", "art"));
    expect(r.state.draft).toEqual({ question: "interests", selected: ["science", "career"], page: 0 });
    const q = questionPrompt(r);
    if (q.expects.kind !== "multiple_choice") throw new Error("kind");
    expect(q.expects.options.filter((o) => o.selected).map((o) => o.value)).toEqual(["science", "career"]);
    expect(q.actions.map((a) => a.action)).toContain("done");
    r = send(r, done("interests"));
    expect(r.outcome).toBe("accepted");
    expect(r.state.answers.interests).toEqual(["science", "career"]);
    expect(r.state.draft).toBeNull();
  });

  it("refuses a fourth tick when at most three are allowed (boundary: three is fine)", () => {
    let r = at();
    for (const v of ["science", "sport", "art"]) r = send(r, choose("interests", v));
    const refusal = refused(r, choose("interests", "career"), "invalid", "invalid-multiple-max");
    expect(refusal.prompts[0]).toMatchObject({ text: { args: { max: 3 } } });
    expect(send(r, done("interests")).state.answers.interests).toEqual(["science", "sport", "art"]);
  });

  it("refuses done with nothing ticked", () => {
    refused(at(), done("interests"), "invalid", "invalid-multiple-min");
  });

  it("takes typed option numbers and shows the follow-up for 'other'", () => {
    const r = send(at(), text("5, 1"));
    expect(r.state.answers.interests).toEqual(["science", "other"]);
    expect(cursorOf(r)).toBe("interest_other");
    refused(at(), text("1, 6"), "invalid", "invalid-option-number");
    refused(at(), text("1 2 3 4"), "invalid", "invalid-multiple-max");
    refused(at(), text("один"), "invalid");
  });
});

describe("scale", () => {
  const at = () => upTo("comfort");

  it("takes buttons and typed values at both ends", () => {
    expect(send(at(), choose("comfort", "1")).state.answers.comfort).toBe(1);
    expect(send(at(), choose("comfort", "10")).state.answers.comfort).toBe(10);
    expect(send(at(), text("7")).state.answers.comfort).toBe(7);
  });

  it("refuses values outside the range and fractions", () => {
    refused(at(), text("0"), "invalid", "invalid-scale");
    refused(at(), text("11"), "invalid", "invalid-scale");
    refused(at(), text("7,5"), "invalid", "invalid-scale");
    refused(at(), choose("comfort", "11"), "stale");
    refused(at(), choose("comfort", "07x"), "stale");
  });

  it("renders one button per value with the end labels", () => {
    const q = questionPrompt(at());
    if (q.expects.kind !== "scale") throw new Error("kind");
    expect(q.expects.options.map((o) => o.value)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
    ]);
    expect(q.expects.minLabel).toEqual({ key: "fixture-scale-low" });
    expect(q.expects.maxLabel).toEqual({ key: "fixture-scale-high" });
  });

  it("allows 0 when the scale starts at 0", () => {
    const r = upTo("useful");
    expect(send(r, text("0")).state.answers.useful).toBe(0);
    refused(r, text("6"), "invalid");
  });
});

describe("text", () => {
  const at = () => upTo("name");

  it("trims and keeps the text at both length limits", () => {
    expect(send(at(), text("  Ан  ")).state.answers.name).toBe("Ан");
    const forty = "я".repeat(40);
    expect(send(at(), text(forty)).state.answers.name).toBe(forty);
  });

  it("refuses empty, too short and too long text", () => {
    refused(at(), text("   "), "invalid", "invalid-text-empty");
    refused(at(), text(" А "), "invalid", "invalid-text-short");
    const r = refused(at(), text("я".repeat(41)), "invalid", "invalid-text-long");
    expect(r.prompts[0]).toMatchObject({ text: { args: { max: 40 } } });
    refused(at(), text("я".repeat(100_000)), "invalid", "invalid-text-long");
  });

  it("counts an emoji as one character and strips what Postgres would refuse", () => {
    expect(send(at(), text("👍👍")).state.answers.name).toBe("👍👍");
    expect(send(at(), text("Ан\u0000я\ud800")).state.answers.name).toBe("Аня\ufffd");
  });

  it("refuses a button on a text question as stale", () => {
    refused(at(), choose("name", "x"), "stale");
  });
});

describe("number", () => {
  const at = () => upTo("hours");

  it("reads commas, dots, spaces and the range ends", () => {
    expect(send(at(), text("1,5")).state.answers.hours).toBe(1.5);
    expect(send(at(), text("0")).state.answers.hours).toBe(0);
    expect(send(at(), text("40")).state.answers.hours).toBe(40);
    expect(send(at(), text(" 2.25 ")).state.answers.hours).toBe(2.25);
  });

  it("refuses what is not a number or is outside the range", () => {
    refused(at(), text("полтора"), "invalid", "invalid-number");
    refused(at(), text("1e3"), "invalid", "invalid-number");
    refused(at(), text("NaN"), "invalid", "invalid-number");
    refused(at(), text("40,01"), "invalid", "invalid-number-max");
    refused(at(), text("-0,5"), "invalid", "invalid-number-min");
  });

  it("insists on whole numbers where asked", () => {
    const r = upTo("grade");
    refused(r, text("8,5"), "invalid", "invalid-number-integer");
    refused(r, text("12"), "invalid", "invalid-number-max");
    expect(send(r, text("11")).state.answers.grade).toBe(11);
  });

  it("shows the unit with the answer", () => {
    const r = send(send(upTo("hours"), text("1,5")), back("grade"));
    expect(questionPrompt(r).current?.answer).toEqual({
      type: "value",
      text: { key: "forms-engine-number", args: { value: 1.5 } },
      raw: "1.5",
      unit: { key: "fixture-unit-hours", args: { value: 1.5 } },
    });
  });
});

describe("date", () => {
  const at = () => upTo("met_on");

  it("reads the usual formats, and today and 30 days ago are the range ends", () => {
    expect(send(at(), text("23.11.2026")).state.answers.met_on).toBe("2026-11-23");
    expect(send(at(), text("24.10.2026")).state.answers.met_on).toBe("2026-10-24");
    expect(send(at(), text("5.11.26")).state.answers.met_on).toBe("2026-11-05");
    expect(send(at(), text("2026-11-20")).state.answers.met_on).toBe("2026-11-20");
    expect(send(at(), text("вчера")).state.answers.met_on).toBe("2026-11-22");
  });

  it("refuses dates outside the range, naming the limit", () => {
    const late = refused(at(), text("24.11.2026"), "invalid", "invalid-date-late");
    expect(late.prompts[0]).toMatchObject({ text: { args: { day: "23", month: 11, year: "2026" } } });
    const early = refused(at(), text("23.10.2026"), "invalid", "invalid-date-early");
    expect(early.prompts[0]).toMatchObject({ text: { args: { day: "24", month: 10, year: "2026" } } });
  });

  it("refuses dates that do not exist or do not parse", () => {
    refused(at(), text("31.02.2026"), "invalid", "invalid-date");
    refused(at(), text("2026-13-01"), "invalid", "invalid-date");
    refused(at(), text("на прошлой неделе"), "invalid", "invalid-date");
  });

  it("offers only the shortcuts inside the range", () => {
    const q = questionPrompt(at());
    if (q.expects.kind !== "date") throw new Error("kind");
    expect(q.expects.shortcuts.map((s) => s.value)).toEqual(["today", "yesterday"]);
    expect(q.expects).toMatchObject({ min: "2026-10-24", max: "2026-11-23" });
    expect(send(at(), date("met_on", "today")).state.answers.met_on).toBe("2026-11-23");
    // "tomorrow" is in the definition but outside the range: a forged tap is refused.
    refused(at(), date("met_on", "tomorrow"), "invalid", "invalid-date-late");
    // "in a week" is not offered by this question at all.
    refused(at(), date("met_on", "in_a_week"), "stale");
  });

  it("computes today in the person's time zone", () => {
    // 22:30 UTC on the 23rd is already 01:30 on the 24th in Moscow, still the 23rd in London.
    const late = new Date("2026-11-23T22:30:00Z");
    const moscow = { now: late, timeZone: "Europe/Moscow" };
    const london = { now: late, timeZone: "Europe/London" };
    const r = at();
    expect(handleInput(kitchenSink, r.state, text("24.11.2026"), moscow).outcome).toBe("accepted");
    expect(handleInput(kitchenSink, r.state, text("24.11.2026"), london).outcome).toBe("invalid");
    expect(handleInput(kitchenSink, r.state, date("met_on", "today"), moscow).state.answers.met_on).toBe(
      "2026-11-24",
    );
  });

  it("offers future shortcuts for a future date", () => {
    const q = questionPrompt(send(at(), text("20.11.2026")));
    expect(q.question).toBe("next_on");
    if (q.expects.kind !== "date") throw new Error("kind");
    expect(q.expects.shortcuts.map((s) => s.value)).toEqual(["today", "tomorrow", "in_a_week"]);
  });
});

describe("yes/no", () => {
  const at = () => upTo("happened");

  it("takes buttons and typed words in both languages", () => {
    expect(send(at(), choose("happened", "yes")).state.answers.happened).toBe(true);
    expect(send(at(), choose("happened", "no")).state.answers.happened).toBe(false);
    expect(send(at(), text("Да!")).state.answers.happened).toBe(true);
    expect(send(at(), text("нет")).state.answers.happened).toBe(false);
    expect(send(at(), text("No")).state.answers.happened).toBe(false);
  });

  it("refuses anything else", () => {
    refused(at(), text("наверное"), "invalid", "invalid-yes-no");
    refused(at(), choose("happened", "maybe"), "stale");
  });

  it("asks the follow-up that depends on the answer", () => {
    expect(cursorOf(send(at(), text("нет")))).toBe("why_not");
    expect(cursorOf(send(at(), text("да")))).toBe("useful");
  });
});

describe("pick from a run-time list", () => {
  const at = () => upTo("mentor");

  it("pages the list and numbers options across pages", () => {
    let q = questionPrompt(at());
    if (q.expects.kind !== "pick") throw new Error("kind");
    expect(q.expects.options.map((o) => [o.number, o.value])).toEqual([
      [1, "m1"],
      [2, "m2"],
      [3, "m3"],
    ]);
    expect(q.expects.paging).toMatchObject({ page: 0, pageCount: 3 });
    expect(q.expects.paging.previous).toBeUndefined();
    expect(q.expects.paging.next?.input).toEqual(page("mentor", 1));
    const r = send(at(), page("mentor", 2));
    expect(r.outcome).toBe("updated");
    q = questionPrompt(r);
    if (q.expects.kind !== "pick") throw new Error("kind");
    expect(q.expects.options.map((o) => [o.number, o.value])).toEqual([[7, "m7"]]);
    expect(q.expects.paging.next).toBeUndefined();
    expect(q.expects.options[0]!.label).toEqual({ key: "fixture-person", args: { name: "M 7" } });
  });

  it("takes a button from any page and a typed number", () => {
    expect(send(at(), choose("mentor", "m7")).state.answers.mentor).toBe("m7");
    expect(send(at(), text("7")).state.answers.mentor).toBe("m7");
  });

  it("refuses unknown values, pages out of range and numbers beyond the list", () => {
    refused(at(), choose("mentor", "m8"), "stale");
    refused(at(), page("mentor", 3), "stale");
    refused(at(), page("mentor", -1), "stale");
    refused(at(), text("8"), "invalid", "invalid-option-number");
  });
});

describe("ranking", () => {
  const at = () => upTo("wishes");

  it("collects picks in order, undoes the last, completes at the maximum", () => {
    let r = send(at(), choose("wishes", "m5"));
    r = send(r, choose("wishes", "m2"));
    expect(r.state.draft?.selected).toEqual(["m5", "m2"]);
    r = send(r, undo("wishes"));
    expect(r.state.draft?.selected).toEqual(["m5"]);
    r = send(r, text("1"));
    const q = questionPrompt(r);
    if (q.expects.kind !== "ranking") throw new Error("kind");
    expect(q.expects.picks.map((p) => [p.rank, p.value])).toEqual([
      [1, "m5"],
      [2, "m1"],
    ]);
    expect(q.expects.options.find((o) => o.value === "m1")?.rank).toBe(2);
    r = send(r, choose("wishes", "m7"));
    expect(r.outcome).toBe("accepted");
    expect(r.state.answers.wishes).toEqual(["m5", "m1", "m7"]);
    expect(cursorOf(r)).toBe("format");
  });

  it("refuses the same pick twice and undo with nothing picked", () => {
    const r = send(at(), choose("wishes", "m5"));
    refused(r, choose("wishes", "m5"), "invalid", "invalid-ranking-already");
    refused(at(), undo("wishes"), "invalid", "nothing-to-undo");
  });

  it("allows done once the minimum is reached, not before", () => {
    const r = upTo("format");
    refused(r, done("format"), "invalid", "invalid-ranking-min");
    const one = send(r, choose("format", "any"));
    expect(questionPrompt(one).actions.map((a) => a.action)).not.toContain("done");
    refused(one, done("format"), "invalid", "invalid-ranking-min");
    const wishes = send(at(), choose("wishes", "m3"));
    expect(questionPrompt(wishes).actions.map((a) => a.action)).toEqual(["back", "undo", "skip", "done"]);
    const finished = send(wishes, done("wishes"));
    expect(finished.state.answers.wishes).toEqual(["m3"]);
  });

  it("caps the ranking at the length of a short list", () => {
    const r = startForm(lists, { ...MOSCOW, sources: { people: people(2) } });
    expect(cursorOf(r)).toBe("ranked");
    const q = questionPrompt(r);
    if (q.expects.kind !== "ranking") throw new Error("kind");
    expect(q.expects.max).toBe(2);
    const picked = drive(lists, r, [
      ["ranked", choose("ranked", "p2")],
      ["ranked", choose("ranked", "p1")],
    ]);
    expect(picked.state.answers.ranked).toEqual(["p2", "p1"]);
  });
});

describe("info items and empty lists", () => {
  it("shows an info item on the way past it, without storing anything", () => {
    const r = drive(kitchenSink, upTo("format"), [
      ["format", choose("format", "online")],
      ["format", choose("format", "mixed")],
    ]);
    expect(r.prompts.map((p) => p.type)).toEqual(["info", "summary"]);
    expect(r.prompts[0]).toMatchObject({ question: "thanks", text: { key: "fixture-thanks" } });
    expect(r.state.answers).not.toHaveProperty("thanks");
    expect(r.state.answers).not.toHaveProperty("welcome");
  });

  it("skips an optional list question whose list is empty, and holds at a required one", () => {
    const r = startForm(lists, { ...MOSCOW, sources: { people: [], optional_people: [] } });
    expect(cursorOf(r)).toBe("ranked");
    expect(noticeKeys(r)).toEqual(["forms-engine-source-empty"]);
    expect(questionPrompt(r).progress).toMatchObject({ current: 1, total: 2 });
    const typed = handleInput(lists, r.state, text("1"), MOSCOW);
    expect(typed.outcome).toBe("invalid");
    // Once the caller passes the filled list, the same session goes on.
    const later = handleInput(
      lists,
      r.state,
      { type: "show" },
      { ...MOSCOW, sources: { people: people(3) } },
    );
    expect(noticeKeys(later)).toEqual([]);
    const answered = handleInput(lists, later.state, choose("ranked", "p3"), MOSCOW);
    expect(answered.state.draft?.selected).toEqual(["p3"]);
  });

  it("moves on when a refreshed list empties the optional question under the cursor", () => {
    const r = startForm(lists, { ...MOSCOW, sources: { people: people(3), optional_people: people(2) } });
    expect(cursorOf(r)).toBe("optional_pick");
    const refreshed = handleInput(
      lists,
      r.state,
      { type: "show" },
      { ...MOSCOW, sources: { optional_people: [] } },
    );
    expect(cursorOf(refreshed)).toBe("ranked");
    expect(refreshed.state.sources.people).toHaveLength(3);
    expect(questionPrompt(refreshed).progress).toMatchObject({ current: 1, total: 2 });
  });

  it("treats a missing source like an empty one", () => {
    const r = startForm(lists, MOSCOW);
    expect(cursorOf(r)).toBe("ranked");
    expect(noticeKeys(r)).toEqual(["forms-engine-source-empty"]);
  });

  it("refuses malformed run-time lists as a caller bug", () => {
    const bad = { people: [{ value: "Has Spaces", label: { key: "x" } }] };
    expect(() => startForm(lists, { ...MOSCOW, sources: bad })).toThrow(/sources/);
    const twice = { people: [...people(2), ...people(1)] };
    expect(() => startForm(lists, { ...MOSCOW, sources: twice })).toThrow(/repeats/);
  });
});

describe("back", () => {
  it("returns to the previous question showing its answer, and 'keep' goes on where the person was", () => {
    const r = upTo("name");
    const b = send(r, back("name"));
    expect(b.outcome).toBe("moved");
    expect(cursorOf(b)).toBe("comfort");
    const q = questionPrompt(b);
    expect(q.current?.answer).toMatchObject({ type: "value", raw: "7" });
    expect(q.actions.map((a) => a.action)).toEqual(["back", "done"]);
    expect(q.actions.at(-1)?.label.key).toBe("forms-engine-keep");
    const kept = send(b, done("comfort"));
    expect(kept.effects).toEqual([]);
    expect(cursorOf(kept)).toBe("name");
    expect(kept.state.answers).toEqual(r.state.answers);
  });

  it("is refused on the first question", () => {
    refused(begin(), back("role"), "invalid", "cannot-go-back");
    refused(begin(), back(), "invalid", "cannot-go-back");
  });

  it("skips hidden and info items on the way back", () => {
    // Before hours: story (skipped), then name. Grade is after hours; welcome is info.
    const r = send(upTo("hours"), back());
    expect(cursorOf(r)).toBe("story");
    const first = send(send(upTo("interests"), back()), back());
    expect(first.outcome).toBe("invalid");
  });

  it("a changed answer clears the answers it hid, in a cascade, and asks what became visible", () => {
    const form = branching;
    let r = drive(form, startForm(form, MOSCOW), [
      ["a", choose("a", "yes")],
      ["b", choose("b", "x")],
      ["c", choose("c", "p")],
      ["c", choose("c", "q")],
      ["c", done("c")],
      ["d", text("details")],
      ["e", choose("e", "3")],
    ]);
    expect(cursorOf(r)).toBe("summary");
    expect(Object.keys(r.state.answers)).toEqual(["a", "b", "c", "d", "e"]);
    for (const step of ["e", "d", "c", "b"]) {
      r = handleInput(form, r.state, back(), MOSCOW);
      expect(cursorOf(r)).toBe(step);
    }
    r = handleInput(form, r.state, back("b"), MOSCOW);
    expect(cursorOf(r)).toBe("a");
    r = handleInput(form, r.state, choose("a", "no"), MOSCOW);
    expect(r.effects).toEqual([
      { type: "set_answer", question: "a", value: false },
      { type: "clear_answer", question: "b" },
      { type: "clear_answer", question: "c" },
      { type: "clear_answer", question: "d" },
    ]);
    expect(r.state.answers).toEqual({ a: false, e: 3 });
    // g (shown when a is not yes) is new and unanswered: asked next; e keeps its answer.
    expect(cursorOf(r)).toBe("g");
  });

  it("a skip that hides nothing and an answer to an optional question that reveals one", () => {
    const form = branching;
    let r = drive(form, startForm(form, MOSCOW), [
      ["a", choose("a", "yes")],
      ["b", choose("b", "y")],
      ["e", skip("e")],
    ]);
    // f is shown while e has no answer.
    expect(cursorOf(r)).toBe("f");
    r = handleInput(form, r.state, text("5"), MOSCOW);
    expect(cursorOf(r)).toBe("summary");
    r = handleInput(form, r.state, edit("e"), MOSCOW);
    r = handleInput(form, r.state, choose("e", "2"), MOSCOW);
    expect(r.effects).toEqual([
      { type: "set_answer", question: "e", value: 2 },
      { type: "clear_answer", question: "f" },
    ]);
    expect(cursorOf(r)).toBe("summary");
  });
});

describe("skip", () => {
  it("is allowed on optional questions only", () => {
    refused(upTo("name"), skip("name"), "invalid", "cannot-skip");
    const r = send(upTo("story"), skip("story"));
    expect(r.outcome).toBe("accepted");
    expect(r.state.skipped).toContain("story");
    expect(r.effects).toEqual([]);
    expect(questionPrompt(upTo("story")).actions.map((a) => a.action)).toEqual(["back", "skip"]);
  });

  it("clears an answer given earlier", () => {
    let r = send(upTo("story"), text("Было интересно"));
    r = send(r, back("hours"));
    expect(cursorOf(r)).toBe("story");
    r = send(r, { type: "skip" });
    expect(r.effects).toEqual([{ type: "clear_answer", question: "story" }]);
    expect(r.state.answers).not.toHaveProperty("story");
  });
});

describe("summary, fix and submit", () => {
  const atSummary = () =>
    drive(kitchenSink, upTo("format"), [
      ["format", choose("format", "online")],
      ["format", choose("format", "mixed")],
    ]);

  it("lists every asked question with its answer, skipped ones included", () => {
    const s = summaryPrompt(atSummary());
    expect(s.items.map((i) => i.question)).toEqual([
      "role",
      "interests",
      "comfort",
      "name",
      "story",
      "hours",
      "grade",
      "met_on",
      "next_on",
      "happened",
      "useful",
      "mentor",
      "wishes",
      "format",
    ]);
    const item = (key: string) => s.items.find((i) => i.question === key)!;
    expect(item("story").answer).toEqual({ type: "skipped", text: { key: "forms-engine-skipped" } });
    expect(item("name").answer).toEqual({
      type: "value",
      text: { key: "forms-engine-raw", args: { value: "Аня" } },
      raw: "Аня",
    });
    expect(item("met_on").answer).toMatchObject({
      text: { key: "forms-engine-date", args: { day: "22", month: 11, year: "2026" } },
      raw: "2026-11-22",
    });
    expect(item("wishes").answer).toEqual({
      type: "options",
      ordered: true,
      labels: [
        { key: "fixture-person", args: { name: "M 1" } },
        { key: "fixture-person", args: { name: "M 3" } },
        { key: "fixture-person", args: { name: "M 2" } },
      ],
    });
    expect(item("happened").answer).toEqual({
      type: "options",
      labels: [{ key: "forms-engine-yes" }],
      ordered: false,
    });
    expect(item("comfort").fix).toEqual({
      label: { key: "forms-engine-fix", args: { number: 3 } },
      input: edit("comfort"),
    });
    expect(s.actions.map((a) => a.action)).toEqual(["back", "submit"]);
  });

  it("fixes one answer and comes back to the summary", () => {
    let r = send(atSummary(), edit("name"));
    expect(r.outcome).toBe("moved");
    const q = questionPrompt(r);
    expect(q.editing).toBe(true);
    expect(q.actions[0]).toMatchObject({ action: "back", label: { key: "forms-engine-back-to-summary" } });
    r = send(r, text("Анна"));
    expect(r.effects).toEqual([{ type: "set_answer", question: "name", value: "Анна" }]);
    expect(cursorOf(r)).toBe("summary");
  });

  it("'back' while fixing returns to the summary unchanged", () => {
    const s = atSummary();
    const r = send(send(s, edit("hours")), back("hours"));
    expect(cursorOf(r)).toBe("summary");
    expect(r.state.answers).toEqual(s.state.answers);
  });

  it("a fix that reveals a question asks it before the summary", () => {
    let r = send(atSummary(), edit("happened"));
    r = send(r, choose("happened", "no"));
    expect(r.effects).toEqual([
      { type: "set_answer", question: "happened", value: false },
      { type: "clear_answer", question: "useful" },
    ]);
    expect(cursorOf(r)).toBe("why_not");
    r = send(r, text("Заболел"));
    expect(cursorOf(r)).toBe("summary");
  });

  it("refuses typing at the summary and stale summary buttons", () => {
    const s = atSummary();
    refused(s, text("готово"), "invalid", "summary-use-buttons");
    refused(s, edit("grade_x"), "stale");
    refused(s, choose("format", "any"), "stale");
    refused(s, back("format"), "stale");
  });

  it("back from the summary goes to the last question", () => {
    expect(cursorOf(send(atSummary(), back("_summary")))).toBe("format");
  });

  it("submits: done, with every answer, and nothing works afterwards", () => {
    const r = send(atSummary(), submit());
    expect(r.outcome).toBe("submitted");
    expect(r.prompts).toEqual([
      { type: "done", title: { key: "fixture-title" }, text: { key: "forms-engine-done-text" } },
    ]);
    expect(r.effects).toEqual([{ type: "submit", answers: r.state.answers }]);
    expect(r.state.answers).toMatchObject({
      role: "pupil",
      hours: 1.5,
      grade: 8,
      format: ["online", "mixed"],
    });
    expect(stepOf(r.state)).toBe("_done");
    for (const input of [submit(), choose("role", "teacher"), text("1"), back(), edit("name")]) {
      const after = send(r, input);
      expect(after.outcome).toBe("stale");
      expect(after.state).toEqual(r.state);
      expect(noticeKeys(after)).toEqual(["forms-engine-stale-finished"]);
    }
    expect(send(r, { type: "show" }).prompts.map((p) => p.type)).toEqual(["done"]);
  });

  it("refuses submit before the summary", () => {
    refused(upTo("name"), submit(), "stale");
    refused(upTo("name"), { type: "submit" }, "stale");
  });
});

describe("stale and forged input", () => {
  it("a button for another question changes nothing", () => {
    const r = upTo("name");
    refused(r, choose("role", "teacher"), "stale", "stale");
    refused(r, skip("story"), "stale");
    refused(r, back("comfort"), "stale");
    refused(r, { type: "text", text: "Аня", question: "comfort" }, "stale");
  });

  it("an input of the wrong kind for this question changes nothing", () => {
    const r = upTo("role");
    // A choice takes a page a channel turned to (VK shows long lists a page at a time), but only
    // within its options.
    refused(r, page("role", 99), "stale");
    refused(upTo("hours"), page("hours", 1), "stale");
    refused(r, undo("role"), "stale");
    refused(r, date("role", "today"), "stale");
    refused(r, done("role"), "stale");
    refused(r, edit("role"), "stale");
    refused(upTo("hours"), choose("hours", "5"), "stale");
  });

  it("a button from another version of the form is stale", () => {
    const v2 = startForm(kitchenSinkV2, MOSCOW);
    const r = handleInput(kitchenSinkV2, v2.state, choose("role", "other"), MOSCOW);
    expect(r.outcome).toBe("stale");
    expect(r.state).toEqual(v2.state);
    // A state of one version is never run with another version's definition.
    expect(() => handleInput(kitchenSink, v2.state, text("1"), MOSCOW)).toThrow(/v2/);
  });

  it("'show' repeats the current step and changes nothing", () => {
    const r = upTo("hours");
    const shown = send(r, { type: "show" });
    expect(shown.outcome).toBe("shown");
    expect(shown.state).toBe(r.state);
    expect(questionPrompt(shown).question).toBe("hours");
  });
});

describe("stored state", () => {
  it("round-trips through JSON and parses back", () => {
    const r = send(upTo("wishes"), choose("wishes", "m4"));
    const stored = JSON.parse(JSON.stringify(r.state)) as unknown;
    const parsed = parseFormState(stored);
    expect(parsed).toEqual(r.state);
    const next = handleInput(kitchenSink, parsed, choose("wishes", "m6"), MOSCOW);
    expect(next.state.draft?.selected).toEqual(["m4", "m6"]);
  });

  it("refuses a state of an unknown format version or shape", () => {
    const state = begin().state;
    expect(() => parseFormState({ ...state, stateVersion: 2 })).toThrow(/version 2/);
    expect(() => parseFormState({ ...state, cursor: { at: "nowhere" } })).toThrow(/does not parse/);
    expect(() => parseFormState(null)).toThrow();
  });

  it("never mutates the state it was given", () => {
    const r = upTo("interests");
    const frozen = structuredClone(r.state);
    send(r, choose("interests", "art"));
    send(r, text("1, 2"));
    expect(r.state).toEqual(frozen);
  });
});
