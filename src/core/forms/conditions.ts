import type { Condition } from "./definition.js";
import type { AnswerValue, Answers } from "./types.js";

/**
 * Evaluates a show-if condition on the answers so far. A question that was not answered (skipped,
 * hidden, not asked yet) has no value, and only `answered: false` holds for it: a comparison with
 * nothing is false, `notEquals` included ("show the follow-up unless they said no" stays hidden
 * when they skipped the question).
 *
 * Arrays (multiple choice, ranking): `includes` and `in` test membership, `equals` a single-element
 * answer, `atLeast`/`atMost` the number of chosen items.
 *
 * @example
 * evaluateCondition({ question: "grade", atLeast: 9 }, { grade: 10 }); // true
 * evaluateCondition({ question: "needs", includes: "exams" }, { needs: ["exams", "career"] }); // true
 * evaluateCondition({ question: "role", notEquals: "peer" }, {}); // false: nothing to compare
 */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  const value: AnswerValue | undefined = answers[condition.question];
  if ("answered" in condition) return (value !== undefined) === condition.answered;
  if (value === undefined) return false;
  if ("equals" in condition) return sameScalar(value, condition.equals);
  if ("notEquals" in condition) return !sameScalar(value, condition.notEquals);
  if ("in" in condition) {
    const options = condition.in;
    return Array.isArray(value)
      ? value.some((v) => options.includes(v))
      : typeof value !== "boolean" && options.includes(value);
  }
  if ("includes" in condition) {
    return Array.isArray(value) ? value.includes(condition.includes) : value === condition.includes;
  }
  const measure = Array.isArray(value) ? value.length : typeof value === "number" ? value : undefined;
  if (measure === undefined) return false;
  if ("atLeast" in condition) return measure >= condition.atLeast;
  return measure <= condition.atMost;
}

function sameScalar(value: AnswerValue, expected: string | number | boolean): boolean {
  if (Array.isArray(value)) return value.length === 1 && value[0] === expected;
  return value === expected;
}
