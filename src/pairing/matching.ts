/**
 * Forming mentor–mentee pairs from both sides' rankings: mentee-proposing deferred acceptance
 * (Gale–Shapley for the hospitals/residents problem: a mentor takes up to `capacity` mentees).
 *
 * The product rules this module keeps:
 * - Nobody is matched to someone they did not rank: a pair needs the mentee to have ranked the mentor
 *   AND the mentor to have ranked the mentee. People who ranked nobody, or whom nobody ranked, stay
 *   unmatched and are reported with a reason; nobody is ever forced into a pair.
 * - A ranked id that is not in the instance (someone who withdrew) is ignored, as is an entry whose
 *   rank is not a finite number. When one id is ranked twice, the best (lowest) rank counts.
 * - A mentor's capacity is rounded down; below 1 (or not a finite number) the mentor takes nobody.
 * - Ties (equal ranks) are broken by the lower participant id: a mentee who ranks two mentors equally
 *   tries the one with the lower id first, and a mentor who ranks two mentees equally keeps the one
 *   with the lower id. Inputs are indexed in id order inside, so the same people with the same
 *   rankings give the same result in whatever order they (and their rankings) are listed.
 *
 * The result is weakly stable: there is no mentee and mentor who ranked each other, where the mentee
 * is unmatched or strictly prefers that mentor to their own, and the mentor has a free place or
 * strictly prefers the mentee to one of those it took. Among such matchings it is the best one for
 * every mentee at once under the tie-break above (mentee-optimal), since mentees do the proposing.
 *
 * Pure: no I/O, no clock, no randomness. O(E log C) for E preference entries and the largest
 * capacity C.
 */

/** One entry of a ranking: whom, and how much (1 = most wanted; equal ranks are ties). */
export interface RankEntry {
  id: number;
  rank: number;
}

export interface MenteeRanking {
  id: number;
  /** The mentors this mentee would accept, by mentor id. */
  preferences: readonly RankEntry[];
}

export interface MentorRanking {
  id: number;
  /** How many mentees this mentor takes (group mentoring); 0 or less takes nobody. */
  capacity: number;
  /** The mentees this mentor would accept, by mentee id. */
  preferences: readonly RankEntry[];
}

export interface MatchingInput {
  mentees: readonly MenteeRanking[];
  mentors: readonly MentorRanking[];
}

/** A proposed pair and why: the rank each side gave the other (the best one, if ranked twice). */
export interface MatchedMentee {
  menteeId: number;
  menteeRankOfMentor: number;
  mentorRankOfMentee: number;
}

export interface MentorPairs {
  mentorId: number;
  /** In the mentor's order: by the mentor's rank of the mentee, then by mentee id. */
  mentees: MatchedMentee[];
}

/**
 * Why a mentee got no mentor; the first that applies, in this order:
 * - `ranked_nobody`: the mentee's ranking holds no mentor of this instance (empty, or only people who
 *   withdrew);
 * - `ranked_by_nobody`: no mentor of this instance ranked the mentee;
 * - `no_mutual_choice`: both hold, yet no mentor the mentee ranked ranked the mentee back;
 * - `no_room`: at least one mentor and the mentee ranked each other, but every such mentor ended full
 *   with mentees it ranks higher (or equally, with a lower id); a mentor with capacity 0 is always full.
 */
export type UnmatchedReason = "ranked_nobody" | "ranked_by_nobody" | "no_mutual_choice" | "no_room";

export interface UnmatchedMentee {
  menteeId: number;
  reason: UnmatchedReason;
}

export interface MentorWithRoom {
  mentorId: number;
  /** Places left: capacity minus the mentees matched. */
  free: number;
}

export interface MatchingResult {
  /** Mentors with at least one mentee, by mentor id. */
  pairs: MentorPairs[];
  /** By mentee id. */
  unmatchedMentees: UnmatchedMentee[];
  /** Mentors with a place left, by mentor id. */
  mentorsWithRoom: MentorWithRoom[];
}

/** A mutually acceptable mentor in a mentee's list, in the order the mentee proposes. */
interface Option {
  mentor: number;
  menteeRankOfMentor: number;
  mentorRankOfMentee: number;
}

/** What a mentor holds: the proposal's option plus the proposer, so the worst can be found. */
interface Held {
  mentee: number;
  option: Option;
}

/**
 * @throws RangeError when a mentee id or a mentor id appears twice: which of the two rankings counts
 *   would be a guess, and a silent guess would pair people on a ranking they did not give.
 */
export function matchMentorsAndMentees(input: MatchingInput): MatchingResult {
  // Position = order of id, so comparing positions is comparing ids (the tie-break).
  const mentees = [...input.mentees].sort((a, b) => a.id - b.id);
  const mentors = [...input.mentors].sort((a, b) => a.id - b.id);
  const menteeAt = indexById(mentees, "mentee");
  const mentorAt = indexById(mentors, "mentor");

  const capacity = mentors.map((mentor) =>
    Number.isFinite(mentor.capacity) ? Math.max(0, Math.floor(mentor.capacity)) : 0,
  );

  // The mentors' rankings filed under the mentee they are about: rankedBy[mentee] holds flat pairs
  // (mentor position, that mentor's best rank of the mentee); flat numbers, since an object or a Map
  // per entry makes large programmes spend their time in the garbage collector.
  const rankedBy: (number[] | undefined)[] = new Array<undefined>(mentees.length).fill(undefined);
  const menteeRanks = createRankScratch(mentees.length);
  for (let mentor = 0; mentor < mentors.length; mentor++) {
    menteeRanks.collect(mentors[mentor]!.preferences, menteeAt);
    for (const mentee of menteeRanks.touched)
      (rankedBy[mentee] ??= []).push(mentor, menteeRanks.rank[mentee]!);
  }

  const options: Option[][] = [];
  const reasonIfUnmatched: UnmatchedReason[] = [];
  const mentorRanks = createRankScratch(mentors.length);
  for (let mentee = 0; mentee < mentees.length; mentee++) {
    mentorRanks.collect(mentees[mentee]!.preferences, mentorAt);
    const rankers = rankedBy[mentee];
    const list: Option[] = [];
    for (let i = 0; rankers !== undefined && i < rankers.length; i += 2) {
      const mentor = rankers[i]!;
      if (mentorRanks.has(mentor))
        list.push({
          mentor,
          menteeRankOfMentor: mentorRanks.rank[mentor]!,
          mentorRankOfMentee: rankers[i + 1]!,
        });
    }
    list.sort((a, b) => a.menteeRankOfMentor - b.menteeRankOfMentor || a.mentor - b.mentor);
    options.push(list);
    reasonIfUnmatched.push(
      mentorRanks.touched.length === 0
        ? "ranked_nobody"
        : rankers === undefined
          ? "ranked_by_nobody"
          : list.length === 0
            ? "no_mutual_choice"
            : "no_room",
    );
  }

  const held: Held[][] = mentors.map(() => []);
  const next = new Uint32Array(mentees.length);
  const free: number[] = [];
  for (let mentee = mentees.length - 1; mentee >= 0; mentee--) free.push(mentee);
  // Each proposal moves one mentee's pointer forward, so the loop ends after at most E proposals.
  while (free.length > 0) {
    const mentee = free.pop()!;
    const list = options[mentee]!;
    const option = list[next[mentee]!];
    if (option === undefined) continue;
    next[mentee]!++;
    const heap = held[option.mentor]!;
    const proposal: Held = { mentee, option };
    if (heap.length < capacity[option.mentor]!) {
      heapPush(heap, proposal);
    } else if (heap.length > 0 && worse(heap[0]!, proposal)) {
      free.push(heap[0]!.mentee);
      heapReplaceTop(heap, proposal);
    } else {
      free.push(mentee);
    }
  }

  const pairs: MentorPairs[] = [];
  const mentorsWithRoom: MentorWithRoom[] = [];
  const matched = new Uint8Array(mentees.length);
  for (let mentor = 0; mentor < mentors.length; mentor++) {
    const taken = held[mentor]!;
    const room = capacity[mentor]! - taken.length;
    if (room > 0) mentorsWithRoom.push({ mentorId: mentors[mentor]!.id, free: room });
    if (taken.length === 0) continue;
    taken.sort((a, b) => (worse(a, b) ? 1 : -1));
    pairs.push({
      mentorId: mentors[mentor]!.id,
      mentees: taken.map(({ mentee, option }) => {
        matched[mentee] = 1;
        return {
          menteeId: mentees[mentee]!.id,
          menteeRankOfMentor: option.menteeRankOfMentor,
          mentorRankOfMentee: option.mentorRankOfMentee,
        };
      }),
    });
  }
  const unmatchedMentees: UnmatchedMentee[] = [];
  for (let mentee = 0; mentee < mentees.length; mentee++) {
    if (matched[mentee] === 0)
      unmatchedMentees.push({ menteeId: mentees[mentee]!.id, reason: reasonIfUnmatched[mentee]! });
  }
  return { pairs, unmatchedMentees, mentorsWithRoom };
}

function indexById(people: readonly { id: number }[], side: string): Map<number, number> {
  const at = new Map<number, number>();
  people.forEach((person, position) => {
    if (at.has(person.id)) throw new RangeError(`${side} ${person.id} appears twice in the matching input`);
    at.set(person.id, position);
  });
  return at;
}

/**
 * Reads one ranking at a time into arrays reused across rankings: the best rank per position of the
 * other side, for the positions of the instance that the ranking names (withdrawn ids and ranks that
 * are not numbers left out). A position counts as named when its stamp is the current ranking's, so
 * nothing needs clearing between rankings.
 */
function createRankScratch(size: number) {
  const stamp = new Uint32Array(size);
  const rank = new Float64Array(size);
  const touched: number[] = [];
  let current = 0;
  return {
    /** Best rank by position; valid for the positions in `touched` only. */
    rank,
    /** The positions the last collected ranking names, each once. */
    touched,
    has: (position: number) => stamp[position] === current,
    collect(preferences: readonly RankEntry[], positionOf: Map<number, number>): void {
      current++;
      touched.length = 0;
      for (const entry of preferences) {
        const position = positionOf.get(entry.id);
        if (position === undefined || !Number.isFinite(entry.rank)) continue;
        if (stamp[position] !== current) {
          stamp[position] = current;
          rank[position] = entry.rank;
          touched.push(position);
        } else if (entry.rank < rank[position]!) {
          rank[position] = entry.rank;
        }
      }
    },
  };
}

/** Whether the mentor likes `a` less than `b`: a higher rank number, or an equal one and a higher id. */
function worse(a: Held, b: Held): boolean {
  const byRank = a.option.mentorRankOfMentee - b.option.mentorRankOfMentee;
  return byRank > 0 || (byRank === 0 && a.mentee > b.mentee);
}

// A binary heap with the mentor's least wanted mentee on top: a full mentor compares a proposal with
// that one only, and swaps it out in O(log capacity).

function heapPush(heap: Held[], item: Held): void {
  heap.push(item);
  let at = heap.length - 1;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(item, heap[parent]!)) break;
    heap[at] = heap[parent]!;
    at = parent;
  }
  heap[at] = item;
}

function heapReplaceTop(heap: Held[], item: Held): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && worse(heap[right]!, heap[left]!) ? right : left;
    if (!worse(heap[child]!, item)) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = item;
}
