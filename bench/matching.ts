import { performance } from "node:perf_hooks";
import { createRng, type Rng } from "../src/demo/prng.js";
import {
  matchMentorsAndMentees,
  type MatchingInput,
  type MatchingResult,
  type MentorRanking,
  type MenteeRanking,
  type RankEntry,
  type UnmatchedReason,
} from "../src/pairing/matching.js";
import type { BenchResult } from "./run.js";
import { percentile, round } from "./support.js";

// Enough for V8 to optimise the hot loops; fewer leaves the first measured runs in the interpreter.
const WARM_UP_RUNS = 50;

/**
 * How long forming the pairs takes for a large programme, in memory (no database): `--mentees`
 * (2,000) rank 3 mentors each out of `--mentors` (500), a few mentors wanted by many; each mentor ranks
 * most of those who chose them plus a few others. The median of `--runs` (20) runs after a warm-up;
 * `--seed` (1) gives another programme of the same shape.
 */
export function matchingBench(options: Record<string, string>): Promise<BenchResult> {
  const menteeCount = Number(options.mentees ?? 2000);
  const mentorCount = Number(options.mentors ?? 500);
  const runs = Number(options.runs ?? 20);
  const seed = Number(options.seed ?? 1);
  for (const [name, value] of Object.entries({ mentees: menteeCount, mentors: mentorCount, runs }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  const input = buildProgramme(createRng(seed), menteeCount, mentorCount);
  const entries = [...input.mentees, ...input.mentors].reduce((sum, p) => sum + p.preferences.length, 0);

  let result: MatchingResult = matchMentorsAndMentees(input);
  for (let i = 1; i < WARM_UP_RUNS; i++) result = matchMentorsAndMentees(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const startedAt = performance.now();
    result = matchMentorsAndMentees(input);
    times.push(performance.now() - startedAt);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);

  const matched = result.pairs.reduce((sum, pair) => sum + pair.mentees.length, 0);
  const byReason: Record<UnmatchedReason, number> = {
    no_room: 0,
    no_mutual_choice: 0,
    ranked_by_nobody: 0,
    ranked_nobody: 0,
  };
  for (const { reason } of result.unmatchedMentees) byReason[reason]++;
  const freePlaces = result.mentorsWithRoom.reduce((sum, mentor) => sum + mentor.free, 0);
  return Promise.resolve({
    figure: round(median, 2),
    unit: "ms",
    line: `matching: ${median.toFixed(2)} ms for ${menteeCount} mentees x ${mentorCount} mentors`,
    details:
      `matched ${matched} of ${menteeCount} mentees at ${result.pairs.length} mentors; unmatched: ` +
      `${Object.entries(byReason)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(", ")}; ` +
      `${result.mentorsWithRoom.length} mentors with ${freePlaces} places left\n` +
      `median ${median.toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, ` +
      `min ${times[0]?.toFixed(2)} ms over ${runs} runs after ${WARM_UP_RUNS} warm-up; ` +
      `${entries} preference entries; seed ${seed}`,
  });
}

function buildProgramme(rng: Rng, menteeCount: number, mentorCount: number): MatchingInput {
  const menteeIds = rng.shuffle(Array.from({ length: menteeCount }, (_, i) => 10_000 + i));
  const mentorIds = rng.shuffle(Array.from({ length: mentorCount }, (_, i) => 1 + i));

  // Zipf-like popularity: the k-th most wanted mentor is chosen about 1/sqrt(k) as often as the first,
  // so at the default sizes the favourite gets about 140 requests, the tenth about 45 and the last about
  // 6, as with a well-known teacher at a school.
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < mentorCount; k++) cumulative.push((total += 1 / Math.sqrt(k + 1)));
  const popularMentor = () => {
    const target = rng.next() * total;
    let low = 0;
    let high = mentorCount - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return mentorIds[low]!;
  };

  const chosenBy = new Map<number, number[]>(mentorIds.map((id) => [id, []]));
  const mentees: MenteeRanking[] = menteeIds.map((id) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(3, mentorCount)) chosen.add(popularMentor());
    // Some cannot decide between their second and third choice.
    const tie = rng.chance(0.1);
    const preferences = [...chosen].map((mentorId, i) => {
      chosenBy.get(mentorId)!.push(id);
      return { id: mentorId, rank: tie && i === 2 ? 2 : i + 1 };
    });
    return { id, preferences };
  });

  const mentors: MentorRanking[] = mentorIds.map((id) => {
    const applicants = chosenBy.get(id)!.filter(() => rng.chance(0.9));
    const others = rng.sample(menteeIds, rng.int(0, 5));
    const ranked = rng.shuffle([...new Set([...applicants, ...others])]);
    let rank = 0;
    const preferences: RankEntry[] = ranked.map((menteeId) => {
      if (rank === 0 || !rng.chance(0.15)) rank++;
      return { id: menteeId, rank };
    });
    return { id, capacity: rng.int(1, 6), preferences };
  });
  return { mentees, mentors };
}
