import type { Kysely } from "kysely";
import type { OutboundMessage } from "../core/messages.js";
import { addDays, todayIn } from "../core/forms/dates.js";
import type { Locale, Translator } from "../i18n/translator.js";
import type { Notice } from "../outbox/outbox.service.js";
import { meetingAction } from "../meetings/actions.js";
import type { Database } from "../storage/tables.js";
import { atLocalTime } from "./local-time.js";
import { matchMentorsAndMentees } from "./matching.js";
import {
  capacities,
  closePoll,
  confirmedLoad,
  duePolls,
  groupMeeting,
  openPoll,
  pairsOf,
  preferencesOf,
  presentPeople,
  replaceProposal,
  type PairView,
  type PersonInProgram,
} from "./pairing.repository.js";

/**
 * Forming pairs as the service does it, whoever asks (a curator's tap, the clock at a poll's
 * deadline, the command line): open the poll to those present, close it into a proposal, announce
 * confirmed pairs. Messages to other people go through `notify` (the outbox, inside the caller's
 * transaction), so nothing is sent unless the change commits, and nothing twice.
 */
export interface PairingDependencies {
  translator: Translator;
  notify(db: Kysely<Database>, notice: Notice): Promise<void>;
}

/** The poll stays open this many days and closes at 20:00 on the organisation's clock. */
export const POLL_DAYS = 3;
const POLL_CLOSES_AT_HOUR = 20;
/** The reminder goes out the morning before the deadline, not in the night. */
const POLL_REMINDER_HOUR = 10;

export const pairingAction = (verb: string, id: number, value?: string, page?: number) => ({
  type: "pair",
  question: verb,
  session: id,
  ...(value !== undefined && { value }),
  ...(page !== undefined && { page }),
});

export function displayName(t: (key: string, args?: Record<string, string | number>) => string) {
  return (p: { name: string | null; participantId: number }) =>
    p.name ?? t("pairing-unnamed", { id: p.participantId });
}

/** A calendar day as people read it ("30 ноября"). */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

/** A moment on the organisation's clock ("6 декабря, 20:00"). */
export function formatMoment(at: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);
}

export function pollDeadline(now: Date, timeZone: string): Date {
  return atLocalTime(addDays(todayIn(now, timeZone), POLL_DAYS), POLL_CLOSES_AT_HOUR, 0, timeZone);
}

export function createPairingService(deps: PairingDependencies) {
  const { translator } = deps;

  /**
   * Sends the poll of a recorded group meeting to everyone present. Undefined when it was sent
   * already; otherwise who was asked and the deadline.
   */
  async function sendPoll(
    db: Kysely<Database>,
    input: { groupMeetingId: number; programName: string; timeZone: string; now: Date },
  ): Promise<{ asked: PersonInProgram[]; closesAt: Date } | undefined> {
    const meeting = await groupMeeting(db, input.groupMeetingId);
    if (!meeting) return undefined;
    const closesAt = pollDeadline(input.now, input.timeZone);
    const asked = await openPoll(db, input.groupMeetingId, { now: input.now, closesAt });
    if (!asked) return undefined;
    for (const person of asked) {
      await deps.notify(db, {
        personId: person.personId,
        kind: "pairing.poll",
        dedupeKey: `pairing.poll:${input.groupMeetingId}:${person.personId}`,
        programId: meeting.programId,
        render: (locale, timeZone) => ({
          text: translator.t(locale, "pairing-poll-invite", {
            program: input.programName,
            day: formatDay(meeting.heldOn, locale),
            closes: formatMoment(closesAt, timeZone, locale),
          }),
          buttons: [
            [
              {
                label: translator.t(locale, "pairing-poll-button"),
                action: pairingAction("poll", input.groupMeetingId),
              },
            ],
          ],
        }),
      });
    }
    return { asked, closesAt };
  }

  /**
   * Closes the poll and replaces the programme's unconfirmed proposal with a stable
   * matching of those present: mentees already in a confirmed pair stay out, and mentors offer only
   * the places their confirmed pairs leave. Undefined when the poll was never opened or is closed
   * already (then the proposal stands as the curator left it).
   */
  async function propose(
    db: Kysely<Database>,
    input: { groupMeetingId: number; now: Date },
  ): Promise<{ programId: number; pairs: number; unmatched: number } | undefined> {
    const meeting = await groupMeeting(db, input.groupMeetingId);
    // Once only: a stale "close" tap after the clock closed the poll must not wipe the curator's edits.
    if (!meeting?.pollOpenedAt || !(await closePoll(db, input.groupMeetingId, input.now))) return undefined;
    const present = await presentPeople(db, input.groupMeetingId);
    const { pairedMentees, seatsTaken } = await confirmedLoad(db, meeting.programId);
    const capacity = await capacities(db, meeting.programId);
    const ranks = await preferencesOf(db, meeting.programId);
    const ranksFrom = (id: number) =>
      ranks.filter((r) => r.from === id).map((r) => ({ id: r.to, rank: r.rank }));
    const mentees = present.filter((p) => p.side === "mentee" && !pairedMentees.has(p.participantId));
    const mentors = present.filter((p) => p.side === "mentor");
    const result = matchMentorsAndMentees({
      mentees: mentees.map((m) => ({ id: m.participantId, preferences: ranksFrom(m.participantId) })),
      mentors: mentors.map((m) => ({
        id: m.participantId,
        capacity: (capacity.get(m.participantId) ?? 1) - (seatsTaken.get(m.participantId) ?? 0),
        preferences: ranksFrom(m.participantId),
      })),
    });
    await replaceProposal(db, {
      programId: meeting.programId,
      groupMeetingId: input.groupMeetingId,
      now: input.now,
      pairs: result.pairs.map((pair) => ({
        mentorId: pair.mentorId,
        mentees: pair.mentees.map((m) => ({
          menteeId: m.menteeId,
          menteeRank: m.menteeRankOfMentor,
          mentorRank: m.mentorRankOfMentee,
        })),
      })),
    });
    return {
      programId: meeting.programId,
      pairs: result.pairs.reduce((sum, p) => sum + p.mentees.length, 0),
      unmatched: result.unmatchedMentees.length,
    };
  }

  /** Tells both sides of newly confirmed pairs who their partner is. */
  async function announce(db: Kysely<Database>, programId: number, programName: string, pairIds: number[]) {
    const confirmed = (await pairsOf(db, programId, "confirmed")).filter((p) => pairIds.includes(p.pairId));
    for (const pair of confirmed) await announcePair(db, programId, programName, pair);
  }

  async function announcePair(db: Kysely<Database>, programId: number, programName: string, pair: PairView) {
    const name = (locale: Locale) => displayName((key, args) => translator.t(locale, key, args));
    await deps.notify(db, {
      personId: pair.mentor.personId,
      kind: "pairing.announce",
      dedupeKey: `pairing.announce:${pair.pairId}:${pair.mentor.personId}`,
      programId,
      mentions: pair.mentees.map((m) => m.personId),
      render: (locale) => ({
        text: translator.t(locale, "pairing-announce-mentor", {
          program: programName,
          mentees: pair.mentees.map(name(locale)).join(", "),
        }),
        // The pair's first meeting is logged from under the message that made the pair.
        buttons: [
          [{ label: translator.t(locale, "meetings-button-log"), action: meetingAction("log", pair.pairId) }],
        ],
      }),
    });
    for (const mentee of pair.mentees) {
      await deps.notify(db, {
        personId: mentee.personId,
        kind: "pairing.announce",
        dedupeKey: `pairing.announce:${pair.pairId}:${mentee.personId}`,
        programId,
        mentions: [pair.mentor.personId],
        render: (locale) => ({
          text: translator.t(locale, "pairing-announce-mentee", {
            program: programName,
            mentor: name(locale)(pair.mentor),
          }),
        }),
      });
    }
  }

  /** Tells both sides that the curator ended their pair. */
  async function announceEnd(db: Kysely<Database>, programId: number, programName: string, pair: PairView) {
    const everyone = [pair.mentor, ...pair.mentees];
    for (const person of everyone) {
      const partners = everyone.filter((p) => p.personId !== person.personId);
      await deps.notify(db, {
        personId: person.personId,
        kind: "pairing.ended",
        dedupeKey: `pairing.ended:${pair.pairId}:${person.personId}`,
        programId,
        mentions: partners.map((p) => p.personId),
        render: (locale) => ({
          text: translator.t(locale, "pairing-ended-notice", {
            program: programName,
            partners: partners.map(displayName((key, args) => translator.t(locale, key, args))).join(", "),
          }),
        }),
      });
    }
  }

  /**
   * The clock's part: closes every poll past its deadline into a proposal and tells the
   * organisation's curators; reminds those who have not answered the morning before the deadline.
   * Each poll is locked while this instance works on it, so two instances never close one twice.
   */
  async function tick(db: Kysely<Database>, now: Date): Promise<void> {
    await db.transaction().execute(async (trx) => {
      for (const id of await duePolls(trx, now)) {
        const proposal = await propose(trx, { groupMeetingId: id, now });
        if (!proposal) continue;
        const program = await programWithCurators(trx, proposal.programId);
        for (const curatorId of program.curators) {
          await deps.notify(trx, {
            personId: curatorId,
            kind: "pairing.proposal-ready",
            dedupeKey: `pairing.proposal-ready:${id}:${curatorId}`,
            programId: proposal.programId,
            render: (locale): OutboundMessage => ({
              text: translator.t(locale, "pairing-proposal-ready", {
                program: program.name,
                pairs: proposal.pairs,
                unmatched: proposal.unmatched,
              }),
            }),
          });
        }
      }
    });
    await remindUnanswered(db, now);
  }

  async function remindUnanswered(db: Kysely<Database>, now: Date): Promise<void> {
    const open = await db
      .selectFrom("group_meeting")
      .innerJoin("program", "program.id", "group_meeting.program_id")
      .innerJoin("organisation", "organisation.id", "program.organisation_id")
      .select([
        "group_meeting.id as id",
        "group_meeting.program_id as programId",
        "group_meeting.poll_closes_at as closesAt",
        "program.name as programName",
        "organisation.time_zone as timeZone",
      ])
      .where("group_meeting.poll_opened_at", "is not", null)
      .where("group_meeting.poll_closed_at", "is", null)
      .where("group_meeting.poll_closes_at", ">", now)
      .execute();
    for (const poll of open) {
      if (!poll.closesAt) continue;
      const remindAt = atLocalTime(
        addDays(todayIn(poll.closesAt, poll.timeZone), -1),
        POLL_REMINDER_HOUR,
        0,
        poll.timeZone,
      );
      if (now < remindAt) continue;
      const closesAt = poll.closesAt;
      await db.transaction().execute(async (trx) => {
        const unanswered = await trx
          .selectFrom("group_meeting_attendee as a")
          .innerJoin("participant", "participant.id", "a.participant_id")
          .select("participant.person_id as personId")
          .where("a.group_meeting_id", "=", poll.id)
          .where("participant.status", "=", "active")
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("form_session")
                  .select("form_session.id")
                  .whereRef("form_session.person_id", "=", "participant.person_id")
                  .where("form_session.form_key", "=", "preference_poll")
                  .where("form_session.subject_key", "=", eb.val(`group-meeting:${poll.id}`))
                  .where("form_session.status", "=", "submitted"),
              ),
            ),
          )
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("delivery")
                  .select("delivery.id")
                  .where("delivery.kind", "=", "pairing.poll-reminder")
                  .whereRef("delivery.person_id", "=", "participant.person_id")
                  .where("delivery.dedupe_key", "like", `pairing.poll-reminder:${poll.id}:%`),
              ),
            ),
          )
          .execute();
        for (const { personId } of unanswered) {
          await deps.notify(trx, {
            personId,
            kind: "pairing.poll-reminder",
            dedupeKey: `pairing.poll-reminder:${poll.id}:${personId}`,
            programId: poll.programId,
            render: (locale, timeZone) => ({
              text: translator.t(locale, "pairing-poll-reminder", {
                program: poll.programName,
                closes: formatMoment(closesAt, timeZone, locale),
              }),
              buttons: [
                [
                  {
                    label: translator.t(locale, "pairing-poll-button"),
                    action: pairingAction("poll", poll.id),
                  },
                ],
              ],
            }),
          });
        }
      });
    }
  }

  return { sendPoll, propose, announce, announceEnd, tick };
}

export type PairingService = ReturnType<typeof createPairingService>;

async function programWithCurators(
  db: Kysely<Database>,
  programId: number,
): Promise<{ name: string; curators: number[] }> {
  const program = await db
    .selectFrom("program")
    .select(["name", "organisation_id"])
    .where("id", "=", programId)
    .executeTakeFirstOrThrow();
  const curators = await db
    .selectFrom("membership")
    .select("person_id")
    .where("organisation_id", "=", program.organisation_id)
    .where("role", "=", "curator")
    .orderBy("person_id")
    .execute();
  return { name: program.name, curators: curators.map((c) => c.person_id) };
}
