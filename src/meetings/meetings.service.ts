import { sql, type Kysely } from "kysely";
import { addDays, todayIn, type IsoDate } from "../core/forms/dates.js";
import type { OutboundMessage } from "../core/messages.js";
import type { SubmittedForm } from "../form-sessions/form-session.service.js";
import type { Locale, Translator } from "../i18n/translator.js";
import type { Notice } from "../outbox/outbox.service.js";
import { atLocalTime } from "../pairing/local-time.js";
import { meetingAction } from "./actions.js";
import { displayName, formatDay } from "../pairing/pairing.service.js";
import type { PersonInProgram } from "../pairing/pairing.repository.js";
import { timeZoneOf } from "../people/time-zone.repository.js";
import { isQuiet, localMinutes } from "../roadmap/schedule.js";
import type { Database, MeetingType } from "../storage/tables.js";
import {
  attendeesOf,
  confirmedPair,
  curatorsOf,
  insertMeeting,
  meetingById,
  parseSubject,
  recordConfirmation,
  updateMeeting,
  type MeetingRow,
  type MeetingValues,
  type PairInProgram,
} from "./meetings.repository.js";

/**
 * Meetings as the service runs them, whoever triggers it (a submitted check-in, a confirmation, the
 * clock): rows written from the forms, mentees asked to confirm, curators told of disagreements and
 * private flags, the day-before reminder, silent pairs nudged through the mentor and then escalated,
 * and the final meeting opening the satisfaction polls. Messages to other people go through `notify`
 * (the outbox), each under a dedupe key made of the ids it is about, so none is ever sent twice.
 */
export interface MeetingDependencies {
  translator: Translator;
  notify(db: Kysely<Database>, notice: Notice): Promise<void>;
  clock(): Date;
  defaultTimeZone: string;
  rhythm: MeetingRhythm;
}

/** How long a pair may go without a meeting before the mentor is nudged, and then the curator told. */
export interface MeetingRhythm {
  silentAfterDays: number;
  /** Days after the nudge (counted from the same last meeting) before the curators hear of it. */
  escalateAfterDays: number;
}

/** A logged meeting can be corrected or withdrawn by its mentor for this many days. */
export const EDIT_DAYS = 3;
/** The day-before reminder goes out from this hour on the person's clock... */
const REMINDER_HOUR = 17;
/** ...and no later than this hour of the meeting day itself (a reminder after that is no use). */
const REMINDER_LAST_HOUR = 12;
/** Nudges and escalations wait for the working day on the recipient's clock. */
const NUDGE_HOUR = 10;

export { meetingAction };

export const FINAL_FORMS = {
  mentor: "final_satisfaction_mentor",
  mentee: "final_satisfaction_mentee",
} as const;

/** Whole days from `from` to `to` (ISO calendar dates). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface Holiday {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/**
 * The days after `from` up to and including `to` that fall in the programme's school holidays, each
 * counted once however the holidays overlap.
 */
export function holidayDaysBetween(from: IsoDate, to: IsoDate, holidays: readonly Holiday[]): number {
  const days = new Set<IsoDate>();
  for (const holiday of holidays) {
    let day = holiday.startsOn > from ? holiday.startsOn : addDays(from, 1);
    const last = holiday.endsOn < to ? holiday.endsOn : to;
    for (; day <= last; day = addDays(day, 1)) days.add(day);
  }
  return days.size;
}

function inHoliday(day: IsoDate, holidays: readonly Holiday[]): boolean {
  return holidays.some((h) => h.startsOn <= day && day <= h.endsOn);
}

/**
 * Whether a message may reach someone on this clock now: from `fromHour` on (the working day for a
 * nudge) and outside the programme's quiet hours, so a tick that comes late (a restart at night)
 * waits for the morning instead of waking people.
 */
function mayReach(
  now: Date,
  timeZone: string,
  quiet: { quietFrom: number; quietTo: number },
  fromHour = 0,
): boolean {
  const minutes = localMinutes(now, timeZone);
  return minutes >= fromHour * 60 && !isQuiet(minutes, quiet);
}

async function quietHoursOf(
  db: Kysely<Database>,
  programId: number,
): Promise<{ quietFrom: number; quietTo: number }> {
  const row = await db
    .selectFrom("program")
    .select(["quiet_from as quietFrom", "quiet_to as quietTo"])
    .where("id", "=", programId)
    .executeTakeFirstOrThrow();
  return row;
}

async function remindersMuted(db: Kysely<Database>, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom("person")
    .select("reminders_muted")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.reminders_muted === true;
}

export function canChange(meeting: Pick<MeetingRow, "createdAt" | "deletedAt">, now: Date): boolean {
  return meeting.deletedAt === null && now.getTime() - meeting.createdAt.getTime() < EDIT_DAYS * 86_400_000;
}

/** A meeting in one line: "3 декабря, рабочая, вживую, 60 мин". */
export function describeMeeting(
  t: (key: string, args?: Record<string, string | number>) => string,
  meeting: Pick<MeetingRow, "heldOn" | "type" | "format" | "lengthMinutes">,
  locale: Locale,
): string {
  return t("meetings-line", {
    day: formatDay(meeting.heldOn, locale),
    type: t(`meetings-type-${meeting.type}`),
    format: t(`meetings-format-${meeting.format === "in_person" ? "in-person" : "online"}`),
    minutes: meeting.lengthMinutes ?? 0,
  });
}

const MEETING_TYPES: readonly MeetingType[] = ["first", "trial", "planning", "regular", "final"];

/** The check-in's answers as a meeting row; undefined when something required is missing. */
export function valuesFromCheckin(answers: SubmittedForm["answers"]): MeetingValues | undefined {
  const type = answers.meeting_type;
  const heldOn = answers.held_on;
  const format = answers.format;
  if (typeof type !== "string" || !(MEETING_TYPES as readonly string[]).includes(type)) return undefined;
  if (typeof heldOn !== "string" || (format !== "in_person" && format !== "online")) return undefined;
  const topics = answers.topics;
  const note = answers.topics_note;
  return {
    type: type as MeetingType,
    heldOn,
    format: format,
    lengthMinutes: typeof answers.length_minutes === "number" ? answers.length_minutes : null,
    topicCodes: Array.isArray(topics) ? topics : [],
    // Version 1 asked the topics as text.
    topics: typeof note === "string" ? note : typeof topics === "string" ? topics : null,
    nextOn: typeof answers.next_on === "string" ? answers.next_on : null,
  };
}

/** Who of the pair came: the check-in's attendance for a group, the one mentee of a one-to-one pair. */
function attendedFrom(answers: SubmittedForm["answers"], pair: PairInProgram): number[] {
  const mentees = pair.mentees.map((m) => m.participantId);
  const picked = answers.attendance;
  if (mentees.length > 1 && Array.isArray(picked)) {
    return picked.map(Number).filter((id) => mentees.includes(id));
  }
  return mentees;
}

export function createMeetingService(deps: MeetingDependencies) {
  const { translator } = deps;
  const nameIn = (locale: Locale) => displayName((key, args) => translator.t(locale, key, args));

  /** The rows a submitted check-in or confirmation stands for, in the submitting transaction. */
  async function onSubmit(form: SubmittedForm, trx: Kysely<Database>): Promise<void> {
    const subject = parseSubject(form.subjectKey);
    if (!subject) return;
    const now = deps.clock();
    if (form.formKey === "meeting_checkin" && subject.kind === "log") {
      const pair = await confirmedPair(trx, subject.pairId);
      const values = valuesFromCheckin(form.answers);
      if (!pair || !values || pair.mentor.personId !== form.personId) return;
      const attended = attendedFrom(form.answers, pair);
      const meetingId = await insertMeeting(trx, {
        ...values,
        pairId: pair.pairId,
        loggedByPersonId: form.personId,
        formSessionId: form.sessionId,
        attended,
        menteeIds: pair.mentees.map((m) => m.participantId),
        now,
      });
      await afterLogged(trx, pair, meetingId);
      return;
    }
    if (form.formKey === "meeting_checkin" && subject.kind === "edit") {
      const meeting = await meetingById(trx, subject.meetingId);
      const pair = meeting && (await confirmedPair(trx, meeting.pairId));
      const values = valuesFromCheckin(form.answers);
      if (!meeting || !pair || !values || pair.mentor.personId !== form.personId) return;
      const updated = await updateMeeting(trx, {
        ...values,
        meetingId: meeting.id,
        reason: subject.reason,
        personId: form.personId,
        attended: attendedFrom(form.answers, pair),
        menteeIds: pair.mentees.map((m) => m.participantId),
        now,
      });
      if (updated) await afterLogged(trx, pair, meeting.id);
      return;
    }
    if (form.formKey === "meeting_confirmation" && subject.kind === "confirm") {
      await confirmed(trx, form, subject.meetingId, now);
    }
  }

  /** Those present are asked to confirm (once each); a final meeting opens the satisfaction polls. */
  async function afterLogged(trx: Kysely<Database>, pair: PairInProgram, meetingId: number): Promise<void> {
    const meeting = await meetingById(trx, meetingId);
    if (!meeting) return;
    for (const mentee of await attendeesOf(trx, meetingId)) {
      await deps.notify(trx, {
        personId: mentee.personId,
        kind: "meeting.confirm",
        dedupeKey: `meeting.confirm:${meetingId}:${mentee.personId}`,
        programId: pair.programId,
        mentions: [pair.mentor.personId],
        render: (locale) => ({
          text: translator.t(locale, "meetings-confirm-ask", {
            mentor: nameIn(locale)(pair.mentor),
            meeting: describeMeeting((k, a) => translator.t(locale, k, a), meeting, locale),
          }),
          buttons: [
            [
              {
                label: translator.t(locale, "meetings-button-confirm"),
                action: meetingAction("conf", meetingId),
              },
            ],
          ],
        }),
      });
    }
    if (meeting.type === "final") await openFinalPolls(trx, pair);
  }

  /** Both sides of the pair are asked for their final satisfaction, each with their side's form. */
  async function openFinalPolls(trx: Kysely<Database>, pair: PairInProgram): Promise<void> {
    const people: PersonInProgram[] = [pair.mentor, ...pair.mentees];
    for (const person of people) {
      await deps.notify(trx, {
        personId: person.personId,
        kind: "meeting.final-poll",
        dedupeKey: `meeting.final-poll:${pair.pairId}:${person.personId}`,
        programId: pair.programId,
        render: (locale) => ({
          text: translator.t(locale, "meetings-final-poll", { program: pair.programName }),
          buttons: [
            [
              {
                label: translator.t(locale, "meetings-button-final-poll"),
                action: meetingAction("sat", pair.pairId),
              },
            ],
          ],
        }),
      });
    }
  }

  async function confirmed(trx: Kysely<Database>, form: SubmittedForm, meetingId: number, now: Date) {
    const meeting = await meetingById(trx, meetingId);
    if (!meeting || meeting.deletedAt) return;
    const me = (await attendeesOf(trx, meetingId)).find((a) => a.personId === form.personId);
    const pair = await confirmedPair(trx, meeting.pairId);
    if (!me || !pair) return;
    const { answers } = form;
    const happened = answers.happened === true;
    const flagged = answers.flag_to_curator === true;
    const comment = typeof answers.comment === "string" ? answers.comment : null;
    await recordConfirmation(trx, {
      meetingId,
      participantId: me.participantId,
      happened,
      usefulness: typeof answers.usefulness === "number" ? answers.usefulness : null,
      comment,
      flagToCurator: flagged,
      now,
    });
    if (happened && !flagged) return;
    for (const curatorId of await curatorsOf(trx, pair.organisationId)) {
      await deps.notify(trx, {
        personId: curatorId,
        kind: happened ? "meeting.flagged" : "meeting.disputed",
        dedupeKey: `meeting.${happened ? "flagged" : "disputed"}:${meetingId}:${me.personId}:${curatorId}`,
        programId: pair.programId,
        mentions: [pair.mentor.personId, me.personId],
        render: (locale): OutboundMessage => {
          const t = (key: string, args?: Record<string, string | number>) => translator.t(locale, key, args);
          const lines = [
            t(happened ? "meetings-curator-flagged" : "meetings-curator-disputed", {
              program: pair.programName,
              mentee: nameIn(locale)(me),
              mentor: nameIn(locale)(pair.mentor),
              meeting: describeMeeting(t, meeting, locale),
            }),
          ];
          if (comment) lines.push(t("meetings-curator-comment", { comment }));
          if (!happened && flagged) lines.push(t("meetings-curator-also-flagged"));
          return { text: lines.join("\n") };
        },
      });
    }
  }

  /**
   * The clock's part, every minute: the day-before reminders and the silent pairs. Each message is
   * keyed by what it is about, so a repeated tick or a second instance adds nothing.
   */
  async function tick(db: Kysely<Database>, now: Date): Promise<void> {
    await remindNextMeetings(db, now);
    await nudgeSilentPairs(db, now);
  }

  async function remindNextMeetings(db: Kysely<Database>, now: Date): Promise<void> {
    // Zones run from UTC-1 to UTC+14 around here: a day either side of UTC's covers everyone's "tomorrow".
    const utcToday = now.toISOString().slice(0, 10);
    const { rows } = await sql<{ id: number; pairId: number; nextOn: string }>`
      select id, pair_id as "pairId", to_char(next_on, 'YYYY-MM-DD') as "nextOn" from (
        select distinct on (m.pair_id) m.id, m.pair_id, m.next_on
        from meeting m join pair p on p.id = m.pair_id
        where p.status = 'confirmed' and m.deleted_at is null
        order by m.pair_id, m.held_on desc, m.id desc
      ) latest
      where next_on between ${addDays(utcToday, -1)}::date and ${addDays(utcToday, 2)}::date
    `.execute(db);
    for (const row of rows) {
      const pair = await confirmedPair(db, row.pairId);
      if (!pair) continue;
      const everyone: PersonInProgram[] = [pair.mentor, ...pair.mentees];
      const quiet = await quietHoursOf(db, pair.programId);
      for (const person of everyone) {
        const zone = await timeZoneOf(
          db,
          { personId: person.personId, programId: pair.programId },
          deps.defaultTimeZone,
        );
        const from = atLocalTime(addDays(row.nextOn, -1), REMINDER_HOUR, 0, zone);
        const until = atLocalTime(row.nextOn, REMINDER_LAST_HOUR, 0, zone);
        if (now < from || now >= until || !mayReach(now, zone, quiet)) continue;
        // A reminder of a meeting they agreed on is one of the messages /settings mutes; the silence
        // nudge is not (the curator's escalation waits for it).
        if (await remindersMuted(db, person.personId)) continue;
        const partners = everyone.filter((p) => p.personId !== person.personId);
        const isMentor = person.personId === pair.mentor.personId;
        await deps.notify(db, {
          personId: person.personId,
          kind: "meeting.reminder",
          dedupeKey: `meeting.reminder:${row.id}:${person.personId}`,
          programId: pair.programId,
          mentions: partners.map((p) => p.personId),
          render: (locale) => ({
            text: translator.t(locale, "meetings-reminder", {
              day: formatDay(row.nextOn, locale),
              partners: partners.map(nameIn(locale)).join(", "),
            }),
            ...(isMentor && {
              buttons: [
                [
                  {
                    label: translator.t(locale, "meetings-button-log"),
                    action: meetingAction("log", pair.pairId),
                  },
                ],
              ],
            }),
          }),
        });
      }
    }
  }

  async function nudgeSilentPairs(db: Kysely<Database>, now: Date): Promise<void> {
    const { silentAfterDays, escalateAfterDays } = deps.rhythm;
    // A loose cut in UTC; the exact count below is in the organisation's own calendar.
    const cutoff = addDays(now.toISOString().slice(0, 10), -silentAfterDays + 1);
    const { rows } = await sql<{
      pairId: number;
      timeZone: string;
      since: string;
      holidays: Holiday[];
      nudged: boolean;
      escalated: boolean;
    }>`
      select silent.*,
        exists (
          select 1 from delivery d where d.dedupe_key = 'meeting.silent:' || silent."pairId" || ':' || silent.since
        ) as nudged,
        exists (
          select 1 from membership mb join delivery d
            on d.dedupe_key = 'meeting.silent-curator:' || silent."pairId" || ':' || silent.since || ':' || mb.person_id
          where mb.organisation_id = silent."organisationId" and mb.role = 'curator'
        ) as escalated
      from (
        select p.id as "pairId", o.id as "organisationId", o.time_zone as "timeZone",
          to_char(coalesce(last.held_on, (coalesce(p.confirmed_at, p.proposed_at) at time zone o.time_zone)::date),
            'YYYY-MM-DD') as since,
          coalesce((
            select json_agg(json_build_object(
              'startsOn', to_char(h.starts_on, 'YYYY-MM-DD'), 'endsOn', to_char(h.ends_on, 'YYYY-MM-DD')))
            from program_holiday h where h.program_id = pr.id
          ), '[]'::json) as holidays
        from pair p
        join program pr on pr.id = p.program_id
        join organisation o on o.id = pr.organisation_id
        left join lateral (
          select held_on from meeting
          where pair_id = p.id and deleted_at is null
          order by held_on desc, id desc limit 1
        ) last on true
        where p.status = 'confirmed' and pr.status = 'active'
          and coalesce(last.held_on, (coalesce(p.confirmed_at, p.proposed_at) at time zone o.time_zone)::date)
            <= ${cutoff}::date
      ) silent
      order by silent."pairId"
    `.execute(db);
    for (const row of rows) {
      // School holidays are no silence: pupils are away, so those days do not count towards the
      // nudge or the curator's message, and neither goes out during them. The messages still say
      // how long it has really been.
      const today = todayIn(now, row.timeZone);
      if (inHoliday(today, row.holidays)) continue;
      const calendarDays = daysBetween(row.since, today);
      const silentDays = calendarDays - holidayDaysBetween(row.since, today, row.holidays);
      if (silentDays < silentAfterDays) continue;
      // Both messages of this silence are out (or the second is not due): nothing to look up every minute.
      if (row.nudged && (row.escalated || silentDays < silentAfterDays + escalateAfterDays)) continue;
      const pair = await confirmedPair(db, row.pairId);
      if (!pair) continue;
      const nudgeKey = `meeting.silent:${pair.pairId}:${row.since}`;
      const quiet = await quietHoursOf(db, pair.programId);
      const mentorZone = await timeZoneOf(
        db,
        { personId: pair.mentor.personId, programId: pair.programId },
        deps.defaultTimeZone,
      );
      if (mayReach(now, mentorZone, quiet, NUDGE_HOUR)) {
        await deps.notify(db, {
          personId: pair.mentor.personId,
          kind: "meeting.silent",
          dedupeKey: nudgeKey,
          programId: pair.programId,
          mentions: pair.mentees.map((m) => m.personId),
          render: (locale) => ({
            text: translator.t(locale, "meetings-silent-mentor", {
              mentees: pair.mentees.map(nameIn(locale)).join(", "),
              days: calendarDays,
            }),
            buttons: [
              [
                {
                  label: translator.t(locale, "meetings-button-log"),
                  action: meetingAction("log", pair.pairId),
                },
              ],
            ],
          }),
        });
      }
      if (silentDays < silentAfterDays + escalateAfterDays) continue;
      const nudged = await db
        .selectFrom("delivery")
        .select("id")
        .where("dedupe_key", "=", nudgeKey)
        .executeTakeFirst();
      if (!nudged) continue;
      for (const curatorId of await curatorsOf(db, pair.organisationId)) {
        const zone = await timeZoneOf(
          db,
          { personId: curatorId, programId: pair.programId },
          deps.defaultTimeZone,
        );
        if (!mayReach(now, zone, quiet, NUDGE_HOUR)) continue;
        await deps.notify(db, {
          personId: curatorId,
          kind: "meeting.silent-curator",
          dedupeKey: `meeting.silent-curator:${pair.pairId}:${row.since}:${curatorId}`,
          programId: pair.programId,
          mentions: [pair.mentor.personId, ...pair.mentees.map((m) => m.personId)],
          render: (locale) => ({
            text: translator.t(locale, "meetings-silent-curator", {
              program: pair.programName,
              mentor: nameIn(locale)(pair.mentor),
              mentees: pair.mentees.map(nameIn(locale)).join(", "),
              days: calendarDays,
              since: formatDay(row.since, locale),
            }),
          }),
        });
      }
    }
  }

  return { onSubmit, tick };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
