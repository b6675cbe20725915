import { describe, expect, it } from "vitest";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import type { Input, Result } from "../../src/core/forms/types.js";
import { fixtureSources, kitchenSink } from "../fixtures/forms/definitions.js";
import { choose, done, drive, MOSCOW, skip, text } from "../fixtures/forms/driver.js";

// An accepted answer tells which question it settled, as that question was shown, and the answer as
// the summary shows it: enough for a channel to turn the question's message into a record.

const begin = () => startForm(kitchenSink, { ...MOSCOW, sources: fixtureSources });
const send = (r: Result, input: Input) => handleInput(kitchenSink, r.state, input, MOSCOW);

describe("the answered question of an accepted input", () => {
  it("is the question as it was shown, with the chosen option's label", () => {
    const shown = begin();
    const next = send(shown, choose("role", "pupil"));
    expect(next.outcome).toBe("accepted");
    expect(next.answered?.question).toEqual(shown.prompts.find((p) => p.type === "question"));
    expect(next.answered?.answer).toEqual({
      type: "options",
      labels: [{ key: "fixture-role-pupil" }],
      ordered: false,
    });
  });

  it("shows the draft it was finished from and every ticked label, in option order", () => {
    const toggled = drive(kitchenSink, begin(), [
      ["role", choose("role", "pupil")],
      ["interests", choose("interests", "career")],
      ["interests", choose("interests", "science")],
    ]);
    const next = send(toggled, done("interests"));
    expect(next.outcome).toBe("accepted");
    const question = next.answered?.question;
    expect(question?.question).toBe("interests");
    expect(
      question?.expects.kind === "multiple_choice" &&
        question.expects.options.filter((o) => o.selected).map((o) => o.value),
    ).toEqual(["science", "career"]);
    expect(next.answered?.answer).toEqual({
      type: "options",
      labels: [{ key: "fixture-interest-science" }, { key: "fixture-interest-career" }],
      ordered: false,
    });
  });

  it("reads a skip as skipped", () => {
    const atStory = drive(kitchenSink, begin(), [
      ["role", choose("role", "pupil")],
      ["interests", choose("interests", "science")],
      ["interests", done("interests")],
      ["comfort", choose("comfort", "7")],
      ["name", text("Аня")],
    ]);
    const next = send(atStory, skip("story"));
    expect(next.answered?.question.question).toBe("story");
    expect(next.answered?.answer.type).toBe("skipped");
  });

  it("is absent when nothing was settled: a toggle, an invalid input, a stale button", () => {
    const shown = begin();
    expect(send(shown, choose("interests", "science")).answered).toBeUndefined();
    const atInterests = send(shown, choose("role", "pupil"));
    expect(send(atInterests, choose("interests", "science")).answered).toBeUndefined();
    expect(send(atInterests, done("interests")).answered).toBeUndefined();
  });
});
