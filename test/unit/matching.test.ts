import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/demo/prng.js";
import {
  matchMentorsAndMentees,
  type MatchingInput,
  type MatchingResult,
  type MentorRanking,
  type MenteeRanking,
  type RankEntry,
  type UnmatchedReason,
} from "../../src/pairing/matching.js";

// The checks below re-derive everything from the input on their own (best rank per id, ignoring
// withdrawn ids), so they do not share a bug with the module.

type Ranks = Map<number, Map<number, number>>;

interface Reference {
  menteeIds: number[];
  mentorIds: number[];
  /** mentee id → mentor id → best rank, mentors of the instance only. */
  menteeRanks: Ranks;
  /** mentor id → mentee id → best rank, mentees of the instance only. */
  mentorRanks: Ranks;
  capacity: Map<number, number>;
}

function reference(input: MatchingInput): Reference {
  const menteeIds = input.mentees.map((m) => m.id);
  const mentorIds = input.mentors.map((m) => m.id);
  const best = (preferences: readonly RankEntry[], known: Set<number>) => {
    const ranks = new Map<number, number>();
    for (const { id, rank } of preferences)
      if (known.has(id) && Number.isFinite(rank)) ranks.set(id, Math.min(rank, ranks.get(id) ?? Infinity));
    return ranks;
  };
  const menteeSet = new Set(menteeIds);
  const mentorSet = new Set(mentorIds);
  return {
    menteeIds,
    mentorIds,
    menteeRanks: new Map(input.mentees.map((m) => [m.id, best(m.preferences, mentorSet)])),
    mentorRanks: new Map(input.mentors.map((m) => [m.id, best(m.preferences, menteeSet)])),
    capacity: new Map(input.mentors.map((m) => [m.id, Math.max(0, Math.floor(m.capacity))])),
  };
}

/** mentee id → mentor id, and mentor id → its mentee ids. */
function assignment(result: MatchingResult) {
  const mentorOf = new Map<number, number>();
  const menteesOf = new Map<number, number[]>();
  for (const pair of result.pairs) {
    menteesOf.set(
      pair.mentorId,
      pair.mentees.map((m) => m.menteeId),
    );
    for (const { menteeId } of pair.mentees) {
      expect(mentorOf.has(menteeId), `mentee ${menteeId} matched twice`).toBe(false);
      mentorOf.set(menteeId, pair.mentorId);
    }
  }
  return { mentorOf, menteesOf };
}

/** A mentee and mentor who would both rather have each other (strictly) than what they got. */
function blockingPairs(ref: Reference, result: MatchingResult): [number, number][] {
  const { mentorOf, menteesOf } = assignment(result);
  const blocking: [number, number][] = [];
  for (const mentee of ref.menteeIds) {
    const own = ref.menteeRanks.get(mentee)!;
    const current = mentorOf.get(mentee);
    for (const [mentor, rank] of own) {
      const mentorsRank = ref.mentorRanks.get(mentor)!.get(mentee);
      if (mentorsRank === undefined || mentor === current) continue;
      if (current !== undefined && !(rank < own.get(current)!)) continue;
      const taken = menteesOf.get(mentor) ?? [];
      const hasRoom = taken.length < ref.capacity.get(mentor)!;
      const prefersOverSomeone = taken.some(
        (other) => ref.mentorRanks.get(mentor)!.get(other)! > mentorsRank,
      );
      if (hasRoom || prefersOverSomeone) blocking.push([mentee, mentor]);
    }
  }
  return blocking;
}

function expectedReason(ref: Reference, mentee: number): UnmatchedReason {
  const own = ref.menteeRanks.get(mentee)!;
  if (own.size === 0) return "ranked_nobody";
  if (ref.mentorIds.every((mentor) => !ref.mentorRanks.get(mentor)!.has(mentee))) return "ranked_by_nobody";
  if ([...own.keys()].every((mentor) => !ref.mentorRanks.get(mentor)!.has(mentee))) return "no_mutual_choice";
  return "no_room";
}

/** Every invariant of a result against its input; throws (via expect) on the first broken one. */
function checkResult(input: MatchingInput, result: MatchingResult): void {
  const ref = reference(input);
  const { mentorOf, menteesOf } = assignment(result);

  for (const pair of result.pairs) {
    expect(pair.mentees.length, `mentor ${pair.mentorId} listed without mentees`).toBeGreaterThan(0);
    expect(pair.mentees.length, `mentor ${pair.mentorId} over capacity`).toBeLessThanOrEqual(
      ref.capacity.get(pair.mentorId)!,
    );
    for (const m of pair.mentees) {
      // Mutually ranked, and the explanation is exactly what each side gave.
      expect(m.menteeRankOfMentor).toBe(ref.menteeRanks.get(m.menteeId)?.get(pair.mentorId));
      expect(m.mentorRankOfMentee).toBe(ref.mentorRanks.get(pair.mentorId)?.get(m.menteeId));
    }
    const order = pair.mentees.map((m) => [m.mentorRankOfMentee, m.menteeId] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  }
  const pairMentorIds = result.pairs.map((p) => p.mentorId);
  expect(pairMentorIds).toEqual([...pairMentorIds].sort((a, b) => a - b));

  expect(blockingPairs(ref, result)).toEqual([]);

  const unmatchedIds = result.unmatchedMentees.map((u) => u.menteeId);
  expect(unmatchedIds).toEqual([...unmatchedIds].sort((a, b) => a - b));
  expect([...unmatchedIds, ...mentorOf.keys()].sort((a, b) => a - b)).toEqual(
    [...ref.menteeIds].sort((a, b) => a - b),
  );
  for (const { menteeId, reason } of result.unmatchedMentees)
    expect(reason, `reason for mentee ${menteeId}`).toBe(expectedReason(ref, menteeId));

  const withRoom = ref.mentorIds
    .map((mentorId) => ({
      mentorId,
      free: ref.capacity.get(mentorId)! - (menteesOf.get(mentorId)?.length ?? 0),
    }))
    .filter((m) => m.free > 0)
    .sort((a, b) => a.mentorId - b.mentorId);
  expect(result.mentorsWithRoom).toEqual(withRoom);
}

interface Shape {
  menteeIds: number[];
  mentorIds: number[];
  /** Ids ranked by someone but absent from the instance, as a withdrawn participant would be. */
  withdrawnIds: number[];
}

const shape: fc.Arbitrary<Shape> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 30, size: "max" }),
    fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 10, size: "max" }),
    fc.uniqueArray(fc.integer({ min: 81, max: 90 }), { maxLength: 2 }),
  )
  .map(([menteeIds, mentorIds, withdrawnIds]) => ({ menteeIds, mentorIds, withdrawnIds }));

/** A partial ranking of `ids`; ranks from 1 to `maxRank` (ties when several share one), duplicates sometimes. */
function ranking(ids: number[], withdrawn: number[], maxRank: number): fc.Arbitrary<RankEntry[]> {
  return fc
    .tuple(
      fc.subarray([...ids, ...withdrawn]),
      fc.array(fc.integer({ min: 1, max: maxRank }), { minLength: ids.length + withdrawn.length }),
      fc.subarray(ids, { maxLength: Math.min(2, ids.length) }),
      fc.integer({ min: 1, max: maxRank }),
    )
    .map(([chosen, ranks, repeated, repeatRank]) => [
      ...chosen.map((id, i) => ({ id, rank: ranks[i]! })),
      ...repeated.map((id) => ({ id, rank: repeatRank })),
    ]);
}

/** Random instances with ties, withdrawn ids, duplicate entries, empty rankings, capacities -1..4. */
const instance: fc.Arbitrary<MatchingInput> = shape.chain(({ menteeIds, mentorIds, withdrawnIds }) =>
  fc.record({
    mentees: fc
      .tuple(...menteeIds.map(() => ranking(mentorIds, withdrawnIds, 3)))
      .map((lists) => lists.map((preferences, i): MenteeRanking => ({ id: menteeIds[i]!, preferences }))),
    mentors: fc
      .tuple(
        ...mentorIds.map((id) =>
          fc.record({
            id: fc.constant(id),
            capacity: fc.integer({ min: -1, max: 4 }),
            preferences: ranking(menteeIds, withdrawnIds, 5),
          }),
        ),
      )
      .map((mentors): MentorRanking[] => mentors),
  }),
);

/** Tiny instances with strict rankings (each list a random order of a subset, ranks 1..k). */
const strictInstance: fc.Arbitrary<MatchingInput> = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
  .chain(([menteeCount, mentorCount]) => {
    const menteeIds = Array.from({ length: menteeCount }, (_, i) => 10 + i);
    const mentorIds = Array.from({ length: mentorCount }, (_, i) => 1 + i);
    const strict = (ids: number[]) =>
      fc.shuffledSubarray(ids).map((order): RankEntry[] => order.map((id, i) => ({ id, rank: i + 1 })));
    return fc.record({
      mentees: fc
        .tuple(...menteeIds.map(() => strict(mentorIds)))
        .map((lists) => lists.map((preferences, i): MenteeRanking => ({ id: menteeIds[i]!, preferences }))),
      mentors: fc
        .tuple(...mentorIds.map(() => fc.tuple(fc.integer({ min: 0, max: 2 }), strict(menteeIds))))
        .map((lists) =>
          lists.map(([capacity, preferences], i): MentorRanking => ({
            id: mentorIds[i]!,
            capacity,
            preferences,
          })),
        ),
    });
  });

function shuffled(input: MatchingInput, seed: number): MatchingInput {
  const rng = createRng(seed);
  return {
    mentees: rng.shuffle(input.mentees).map((m) => ({ ...m, preferences: rng.shuffle(m.preferences) })),
    mentors: rng.shuffle(input.mentors).map((m) => ({ ...m, preferences: rng.shuffle(m.preferences) })),
  };
}

/** Every stable matching of a tiny instance, by trying each mentee with each mutual mentor or none. */
function allStableMatchings(input: MatchingInput): Map<number, number | undefined>[] {
  const ref = reference(input);
  const choices = ref.menteeIds.map((mentee) => [
    undefined,
    ...[...ref.menteeRanks.get(mentee)!.keys()].filter((mentor) => ref.mentorRanks.get(mentor)!.has(mentee)),
  ]);
  const stable: Map<number, number | undefined>[] = [];
  const current: (number | undefined)[] = [];
  const visit = (i: number) => {
    if (i === choices.length) {
      const mentorOf = new Map(ref.menteeIds.map((mentee, j) => [mentee, current[j]]));
      const asResult: MatchingResult = {
        pairs: ref.mentorIds
          .map((mentorId) => ({
            mentorId,
            mentees: ref.menteeIds
              .filter((mentee) => mentorOf.get(mentee) === mentorId)
              .map((menteeId) => ({ menteeId, menteeRankOfMentor: 0, mentorRankOfMentee: 0 })),
          }))
          .filter((pair) => pair.mentees.length > 0),
        unmatchedMentees: [],
        mentorsWithRoom: [],
      };
      const withinCapacity = asResult.pairs.every((p) => p.mentees.length <= ref.capacity.get(p.mentorId)!);
      if (withinCapacity && blockingPairs(ref, asResult).length === 0) stable.push(mentorOf);
      return;
    }
    for (const choice of choices[i]!) {
      current[i] = choice;
      visit(i + 1);
    }
  };
  visit(0);
  return stable;
}

describe("matchMentorsAndMentees on random instances (ties, withdrawn ids, capacities 0-4)", () => {
  it("leaves no blocking pair, respects capacities and mutual choice, explains every pair and gives right reasons", () => {
    fc.assert(
      fc.property(instance, (input) => {
        checkResult(input, matchMentorsAndMentees(input));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same result whatever order the people and their rankings come in", () => {
    fc.assert(
      fc.property(instance, fc.integer(), (input, seed) => {
        expect(matchMentorsAndMentees(shuffled(input, seed))).toEqual(matchMentorsAndMentees(input));
      }),
      { numRuns: 300 },
    );
  });

  it("matches someone in most instances, so the properties above are not checked on empty results only", () => {
    let withPairs = 0;
    let withNoRoom = 0;
    fc.assert(
      fc.property(instance, (input) => {
        const result = matchMentorsAndMentees(input);
        if (result.pairs.length > 0) withPairs++;
        if (result.unmatchedMentees.some((u) => u.reason === "no_room")) withNoRoom++;
      }),
      { numRuns: 300, seed: 20261203 },
    );
    expect(withPairs).toBeGreaterThan(150);
    expect(withNoRoom).toBeGreaterThan(30);
  });
});

describe("matchMentorsAndMentees with strict rankings against brute force (≤5 mentees × ≤3 mentors)", () => {
  it("is stable and gives every mentee the best mentor they have in any stable matching", () => {
    fc.assert(
      fc.property(strictInstance, (input) => {
        const result = matchMentorsAndMentees(input);
        checkResult(input, result);
        const ref = reference(input);
        const { mentorOf } = assignment(result);
        const stable = allStableMatchings(input);
        const ours = new Map(ref.menteeIds.map((mentee) => [mentee, mentorOf.get(mentee)]));
        expect(stable).toContainEqual(ours);
        const rankOf = (mentee: number, mentor: number | undefined) =>
          mentor === undefined ? Infinity : ref.menteeRanks.get(mentee)!.get(mentor)!;
        for (const other of stable)
          for (const mentee of ref.menteeIds)
            expect(rankOf(mentee, mentorOf.get(mentee))).toBeLessThanOrEqual(
              rankOf(mentee, other.get(mentee)),
            );
      }),
      { numRuns: 400 },
    );
  });
});

describe("matchMentorsAndMentees examples", () => {
  const mentee = (id: number, ...ranked: [number, number][]): MenteeRanking => ({
    id,
    preferences: ranked.map(([mentorId, rank]) => ({ id: mentorId, rank })),
  });
  const mentor = (id: number, capacity: number, ...ranked: [number, number][]): MentorRanking => ({
    id,
    capacity,
    preferences: ranked.map(([menteeId, rank]) => ({ id: menteeId, rank })),
  });

  it("gives the mentee-optimal answer of the textbook instance with two stable matchings", () => {
    // Mentees 1, 2, 3 and mentors 10, 20, 30: mentees proposing get 1–10, 2–20, 3–30; mentors
    // proposing would get 2–10, 1–20, 3–30, also stable but worse for mentees 1 and 2.
    const result = matchMentorsAndMentees({
      mentees: [
        mentee(1, [10, 1], [20, 2], [30, 3]),
        mentee(2, [20, 1], [10, 2], [30, 3]),
        mentee(3, [10, 1], [20, 2], [30, 3]),
      ],
      mentors: [
        mentor(10, 1, [2, 1], [1, 2], [3, 3]),
        mentor(20, 1, [1, 1], [2, 2], [3, 3]),
        mentor(30, 1, [1, 1], [2, 2], [3, 3]),
      ],
    });
    expect(result).toEqual({
      pairs: [
        { mentorId: 10, mentees: [{ menteeId: 1, menteeRankOfMentor: 1, mentorRankOfMentee: 2 }] },
        { mentorId: 20, mentees: [{ menteeId: 2, menteeRankOfMentor: 1, mentorRankOfMentee: 2 }] },
        { mentorId: 30, mentees: [{ menteeId: 3, menteeRankOfMentor: 3, mentorRankOfMentee: 3 }] },
      ],
      unmatchedMentees: [],
      mentorsWithRoom: [],
    });
  });

  it("follows a rejection chain through a group mentor and leaves the last one out for lack of room", () => {
    // Mentor 1 takes two. Mentee 3 displaces 2, 2 displaces 4 at mentor 2, 4 displaces 1 at mentor 1,
    // 1 displaces 2 at mentor 2, and 2 has nowhere left to go.
    const result = matchMentorsAndMentees({
      mentees: [
        mentee(1, [1, 1], [2, 2]),
        mentee(2, [1, 1], [2, 2]),
        mentee(3, [1, 1]),
        mentee(4, [2, 1], [1, 2]),
      ],
      mentors: [mentor(1, 2, [3, 1], [4, 2], [1, 3], [2, 4]), mentor(2, 1, [1, 1], [2, 2], [4, 3])],
    });
    expect(result).toEqual({
      pairs: [
        {
          mentorId: 1,
          mentees: [
            { menteeId: 3, menteeRankOfMentor: 1, mentorRankOfMentee: 1 },
            { menteeId: 4, menteeRankOfMentor: 2, mentorRankOfMentee: 2 },
          ],
        },
        { mentorId: 2, mentees: [{ menteeId: 1, menteeRankOfMentor: 2, mentorRankOfMentee: 1 }] },
      ],
      unmatchedMentees: [{ menteeId: 2, reason: "no_room" }],
      mentorsWithRoom: [],
    });
  });

  it("breaks ties by the lower id on both sides", () => {
    // Mentee 5 ranks mentors 8 and 3 equally: mentor 3 is tried first and keeps them. Mentor 3 ranks
    // mentees 5 and 4 equally and has one place: mentee 4 (lower id) stays, 5 goes on to mentor 8.
    const result = matchMentorsAndMentees({
      mentees: [mentee(5, [8, 1], [3, 1]), mentee(4, [3, 1])],
      mentors: [mentor(8, 1, [5, 1]), mentor(3, 1, [5, 2], [4, 2])],
    });
    expect(result.pairs).toEqual([
      { mentorId: 3, mentees: [{ menteeId: 4, menteeRankOfMentor: 1, mentorRankOfMentee: 2 }] },
      { mentorId: 8, mentees: [{ menteeId: 5, menteeRankOfMentor: 1, mentorRankOfMentee: 1 }] },
    ]);
    const alone = matchMentorsAndMentees({
      mentees: [mentee(5, [8, 1], [3, 1])],
      mentors: [mentor(8, 1, [5, 1]), mentor(3, 1, [5, 1])],
    });
    expect(alone.pairs).toEqual([
      { mentorId: 3, mentees: [{ menteeId: 5, menteeRankOfMentor: 1, mentorRankOfMentee: 1 }] },
    ]);
    expect(alone.mentorsWithRoom).toEqual([{ mentorId: 8, free: 1 }]);
  });

  it("leaves unmatched, with its reason, whoever answered nothing, was chosen by nobody or chose only the wrong people", () => {
    const result = matchMentorsAndMentees({
      mentees: [mentee(1), mentee(2, [10, 1]), mentee(3, [10, 1]), mentee(4, [11, 1])],
      mentors: [mentor(10, 3, [3, 1]), mentor(11, 3, [2, 1])],
    });
    expect(result.pairs).toEqual([
      { mentorId: 10, mentees: [{ menteeId: 3, menteeRankOfMentor: 1, mentorRankOfMentee: 1 }] },
    ]);
    expect(result.unmatchedMentees).toEqual([
      { menteeId: 1, reason: "ranked_nobody" },
      { menteeId: 2, reason: "no_mutual_choice" },
      { menteeId: 4, reason: "ranked_by_nobody" },
    ]);
    expect(result.mentorsWithRoom).toEqual([
      { mentorId: 10, free: 2 },
      { mentorId: 11, free: 3 },
    ]);
  });

  it("ignores a withdrawn participant named in rankings and counts the best of duplicate entries", () => {
    // Mentor 99 and mentee 77 withdrew; mentee 1 ranked only 99 besides, so it ranked nobody present.
    const result = matchMentorsAndMentees({
      mentees: [mentee(1, [99, 1]), mentee(2, [99, 1], [10, 3], [10, 2])],
      mentors: [mentor(10, 1, [77, 1], [2, 4], [2, 5], [1, 1])],
    });
    expect(result.pairs).toEqual([
      { mentorId: 10, mentees: [{ menteeId: 2, menteeRankOfMentor: 2, mentorRankOfMentee: 4 }] },
    ]);
    expect(result.unmatchedMentees).toEqual([{ menteeId: 1, reason: "ranked_nobody" }]);
  });

  it("gives a mentor with capacity 0 (or less) nobody, and the mentees who wanted only them are out of room", () => {
    const result = matchMentorsAndMentees({
      mentees: [mentee(1, [10, 1], [11, 2]), mentee(2, [10, 1]), mentee(3, [12, 1])],
      mentors: [mentor(10, 0, [1, 1], [2, 1]), mentor(11, 1, [1, 1]), mentor(12, -2, [3, 1])],
    });
    expect(result.pairs).toEqual([
      { mentorId: 11, mentees: [{ menteeId: 1, menteeRankOfMentor: 2, mentorRankOfMentee: 1 }] },
    ]);
    expect(result.unmatchedMentees).toEqual([
      { menteeId: 2, reason: "no_room" },
      { menteeId: 3, reason: "no_room" },
    ]);
    expect(result.mentorsWithRoom).toEqual([]);
  });

  it("ignores an entry whose rank is not a number and rounds a capacity down", () => {
    const result = matchMentorsAndMentees({
      mentees: [mentee(1, [10, Number.NaN]), mentee(2, [10, 1]), mentee(3, [10, 2]), mentee(4, [11, 1])],
      mentors: [mentor(10, 1.9, [1, 1], [2, Infinity], [3, 2]), mentor(11, Infinity, [4, 1])],
    });
    expect(result.pairs).toEqual([
      { mentorId: 10, mentees: [{ menteeId: 3, menteeRankOfMentor: 2, mentorRankOfMentee: 2 }] },
    ]);
    expect(result.unmatchedMentees).toEqual([
      { menteeId: 1, reason: "ranked_nobody" },
      { menteeId: 2, reason: "ranked_by_nobody" },
      { menteeId: 4, reason: "no_room" },
    ]);
  });

  it("matches nobody in an empty instance and refuses a participant listed twice", () => {
    expect(matchMentorsAndMentees({ mentees: [], mentors: [] })).toEqual({
      pairs: [],
      unmatchedMentees: [],
      mentorsWithRoom: [],
    });
    expect(() => matchMentorsAndMentees({ mentees: [mentee(1), mentee(1)], mentors: [] })).toThrow(
      RangeError,
    );
    expect(() => matchMentorsAndMentees({ mentees: [], mentors: [mentor(2, 1), mentor(2, 1)] })).toThrow(
      RangeError,
    );
  });
});
