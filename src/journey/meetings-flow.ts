import type { ButtonAction, MessageRef, OutboundButton, OutboundMessage } from "../core/messages.js";
import { todayIn } from "../core/forms/dates.js";
import type { Answers } from "../core/forms/types.js";
import { FORM_SOURCES } from "../forms/common.js";
import {
  abandonOtherEdits,
  abandonStaleLog,
  attendeesOf,
  confirmationsOf,
  confirmedPair,
  confirmedPairsOfPerson,
  confirmedPairsOfProgram,
  expectedType,
  loggedTypes,
  meetingById,
  meetingsOfPair,
  SUBJECTS,
  withdrawMeeting,
  type ConfirmationRow,
  type MeetingRow,
  type PairInProgram,
} from "../meetings/meetings.repository.js";
import {
  canChange,
  daysBetween,
  describeMeeting,
  EDIT_DAYS,
  FINAL_FORMS,
  meetingAction,
} from "../meetings/meetings.service.js";
import { atLocalTime } from "../pairing/local-time.js";
import { programsCuratedBy, type CuratedProgram } from "../pairing/pairing.repository.js";
import { displayName, formatDay } from "../pairing/pairing.service.js";
import { timeZoneOf } from "../people/time-zone.repository.js";
import type { MeetingDeleteReason, MeetingEditReason } from "../storage/tables.js";
import { requireCuratedProgram } from "./curator-guard.js";
import { showFormResult } from "./forms-flow.js";
import type { Turn } from "./turn.js";

/**
 * Meetings in the chat: /meeting opens the check-in for the mentor's pair with the usual answers
 * filled in (so a regular meeting is a few taps), the mentee's button opens the confirmation, the
 * last meeting can be corrected or withdrawn with a reason for a few days, and /pair shows each side
 * their pair with its history, and curators every pair's last meeting and confirmations.
 */

/** Meetings shown in a pair's history: the recent ones are what a person asks about. */
const HISTORY = 5;
/** Pairs per screen in the curator's list. */
const PAGE_SIZE = 10;
/** A first meeting's length when there is no earlier one to repeat. */
const DEFAULT_LENGTH_MINUTES = 60;
const EDIT_REASONS: readonly MeetingEditReason[] = ["date", "details", "people", "other"];
const DELETE_REASONS: readonly MeetingDeleteReason[] = ["not_held", "duplicate", "wrong_pair", "other"];

const button = (label: string, verb: string, id: number, value?: string, page?: number): OutboundButton => ({
  label,
  action: meetingAction(verb, id, value, page),
});

const nameOf = (turn: Turn) => displayName(turn.t);

function show(turn: Turn, message: OutboundMessage, pressed: MessageRef | undefined): Promise<void> {
  if (!pressed) return turn.send(message);
  turn.edit(pressed, message);
  return Promise.resolve();
}

/** /meeting: the check-in for the mentor's pair, or the choice of pair for a mentor of several. */
export async function startMeetingLog(turn: Turn): Promise<void> {
  const pairs = await confirmedPairsOfPerson(turn.db, turn.person.personId);
  const mine = pairs.filter((p) => p.mentor.personId === turn.person.personId);
  const [only] = mine;
  if (!only) {
    return turn.send({
      text: turn.t(pairs.length > 0 ? "meetings-mentee-logs-nothing" : "meetings-no-pair"),
    });
  }
  if (mine.length === 1) return openCheckin(turn, only);
  const name = nameOf(turn);
  return turn.send({
    text: turn.t("meetings-choose-pair"),
    buttons: mine.map((pair) => [
      button(
        turn.t("meetings-pair-label", {
          program: pair.programName,
          mentees: pair.mentees.map(name).join(", "),
        }),
        "log",
        pair.pairId,
      ),
    ]),
  });
}

/** Every meeting button; false when it is not one (or no longer means anything). */
export async function handleMeetingButton(
  turn: Turn,
  action: ButtonAction,
  pressed: MessageRef | undefined,
): Promise<boolean> {
  const verb = action.question ?? "";
  const id = action.session;
  if (id === undefined) return false;
  switch (verb) {
    case "log": {
      const pair = await confirmedPair(turn.db, id);
      if (!pair || pair.mentor.personId !== turn.person.personId) return false;
      await openCheckin(turn, pair);
      return true;
    }
    case "conf":
      return openConfirmation(turn, id);
    case "sat":
      return openFinalPoll(turn, id);
    case "edit":
    case "del":
      return chooseReason(turn, id, verb, pressed);
    case "editr":
      return startEdit(turn, id, action.value ?? "");
    case "delr":
      return withdraw(turn, id, action.value ?? "", pressed);
    case "cur": {
      const program = await requireCuratedProgram(turn, id);
      if (program) await show(turn, await curatorScreen(turn, program, action.page ?? 0), pressed);
      return true;
    }
    default:
      return false;
  }
}

async function zoneOf(turn: Turn, programId: number): Promise<string> {
  return timeZoneOf(turn.db, { personId: turn.person.personId, programId }, turn.deps.defaultTimeZone);
}

function menteeSource(turn: Turn, pair: PairInProgram) {
  // A one-to-one pair gets an empty list: the check-in then skips "who came".
  if (pair.mentees.length < 2) return [];
  return pair.mentees.map((m) => ({
    value: String(m.participantId),
    label: { key: "meetings-person", args: { name: nameOf(turn)(m) } },
  }));
}

/**
 * The check-in for a new meeting, started with what is most likely true: the next type in the
 * programme's order, today, the format and length of the last meeting, everyone present. The mentor
 * answers the topics and the next date and checks the rest on the summary.
 */
async function openCheckin(turn: Turn, pair: PairInProgram): Promise<void> {
  const zone = await zoneOf(turn, pair.programId);
  const now = turn.deps.clock();
  const today = todayIn(now, zone);
  await abandonStaleLog(turn.db, {
    personId: turn.person.personId,
    pairId: pair.pairId,
    since: atLocalTime(today, 0, 0, zone),
    now,
  });
  const [last] = await meetingsOfPair(turn.db, pair.pairId, 1);
  const sources = menteeSource(turn, pair);
  const defaults: Answers = {
    meeting_type: expectedType(await loggedTypes(turn.db, pair.pairId)),
    held_on: today,
    format: last?.format ?? "in_person",
    length_minutes: last?.lengthMinutes ?? DEFAULT_LENGTH_MINUTES,
    ...(sources.length > 0 && { attendance: sources.map((s) => s.value) }),
  };
  const result = await turn.forms.open({
    personId: turn.person.personId,
    formKey: "meeting_checkin",
    programId: pair.programId,
    subjectKey: SUBJECTS.log(pair.pairId),
    timeZone: zone,
    sources: { [FORM_SOURCES.pairMentees]: sources },
    defaults,
  });
  if (result.outcome === "started") {
    const locale = await turn.locale();
    await turn.send({
      text: turn.t("meetings-log-lead", {
        mentees: pair.mentees.map(nameOf(turn)).join(", "),
        meeting: describeMeeting(
          turn.t,
          {
            heldOn: today,
            type: defaults.meeting_type as MeetingRow["type"],
            format: defaults.format as MeetingRow["format"],
            lengthMinutes: defaults.length_minutes as number,
          },
          locale,
        ),
      }),
    });
  }
  return showFormResult(turn, result);
}

/** A mentee's confirmation of a meeting they were recorded at. */
async function openConfirmation(turn: Turn, meetingId: number): Promise<boolean> {
  const meeting = await meetingById(turn.db, meetingId);
  const pair = meeting && (await confirmedPair(turn.db, meeting.pairId));
  if (!meeting || !pair || meeting.deletedAt) {
    await turn.send({ text: turn.t("meetings-withdrawn") });
    return true;
  }
  // Only those recorded present confirm: an absent mentee's answer would be about someone else's meeting.
  const present = await attendeesOf(turn.db, meetingId);
  if (!present.some((a) => a.personId === turn.person.personId)) return false;
  const subjectKey = SUBJECTS.confirm(meetingId);
  if (
    await turn.forms.hasSubmitted(turn.person.personId, "meeting_confirmation", pair.programId, subjectKey)
  ) {
    await turn.send({ text: turn.t("meetings-confirmed-already") });
    return true;
  }
  const result = await turn.forms.open({
    personId: turn.person.personId,
    formKey: "meeting_confirmation",
    programId: pair.programId,
    subjectKey,
  });
  await turn.send({
    text: turn.t("meetings-confirm-lead", {
      mentor: nameOf(turn)(pair.mentor),
      meeting: describeMeeting(turn.t, meeting, await turn.locale()),
    }),
  });
  await showFormResult(turn, result);
  return true;
}

/** The final satisfaction poll of the person's side, for a pair they are (or were) in. */
async function openFinalPoll(turn: Turn, pairId: number): Promise<boolean> {
  const row = await turn.db
    .selectFrom("pair")
    .innerJoin("participant as mentor", "mentor.id", "pair.mentor_participant_id")
    .select(["pair.program_id as programId", "mentor.person_id as mentorPersonId"])
    .where("pair.id", "=", pairId)
    .executeTakeFirst();
  if (!row) return false;
  const isMentee = await turn.db
    .selectFrom("pair_mentee")
    .innerJoin("participant", "participant.id", "pair_mentee.mentee_participant_id")
    .select("participant.id")
    .where("pair_mentee.pair_id", "=", pairId)
    .where("participant.person_id", "=", turn.person.personId)
    .executeTakeFirst();
  const side = row.mentorPersonId === turn.person.personId ? "mentor" : isMentee ? "mentee" : undefined;
  if (!side) return false;
  const formKey = FINAL_FORMS[side];
  if (await turn.forms.hasSubmitted(turn.person.personId, formKey, row.programId)) {
    await turn.send({ text: turn.t("meetings-final-poll-done") });
    return true;
  }
  const result = await turn.forms.open({ personId: turn.person.personId, formKey, programId: row.programId });
  await showFormResult(turn, result);
  return true;
}

/** The mentor's own meeting that may still be changed, with its pair; else undefined. */
async function changeable(turn: Turn, meetingId: number) {
  const meeting = await meetingById(turn.db, meetingId);
  const pair = meeting && (await confirmedPair(turn.db, meeting.pairId));
  if (!meeting || !pair || pair.mentor.personId !== turn.person.personId) return undefined;
  return { meeting, pair };
}

async function chooseReason(
  turn: Turn,
  meetingId: number,
  verb: "edit" | "del",
  pressed: MessageRef | undefined,
): Promise<boolean> {
  const found = await changeable(turn, meetingId);
  if (!found) return false;
  if (!canChange(found.meeting, turn.deps.clock())) {
    await turn.send({ text: turn.t("meetings-change-too-late", { days: EDIT_DAYS }) });
    return true;
  }
  const locale = await turn.locale();
  const reasons = verb === "edit" ? EDIT_REASONS : DELETE_REASONS;
  const prefix = verb === "edit" ? "meetings-edit-reason" : "meetings-delete-reason";
  await show(
    turn,
    {
      text: turn.t(verb === "edit" ? "meetings-edit-why" : "meetings-delete-why", {
        meeting: describeMeeting(turn.t, found.meeting, locale),
      }),
      buttons: reasons.map((reason) => [
        button(turn.t(`${prefix}-${reason.replaceAll("_", "-")}`), `${verb}r`, meetingId, reason),
      ]),
    },
    pressed,
  );
  return true;
}

/** The check-in again, filled with the meeting as logged: the mentor fixes what was wrong and sends. */
async function startEdit(turn: Turn, meetingId: number, reason: string): Promise<boolean> {
  if (!(EDIT_REASONS as readonly string[]).includes(reason)) return false;
  const found = await changeable(turn, meetingId);
  if (!found) return false;
  const { meeting, pair } = found;
  const now = turn.deps.clock();
  if (!canChange(meeting, now)) {
    await turn.send({ text: turn.t("meetings-change-too-late", { days: EDIT_DAYS }) });
    return true;
  }
  const subjectKey = SUBJECTS.edit(meetingId, reason as MeetingEditReason);
  await abandonOtherEdits(turn.db, { personId: turn.person.personId, meetingId, keep: subjectKey, now });
  const sources = menteeSource(turn, pair);
  const attended = await turn.db
    .selectFrom("meeting_attendance")
    .select("participant_id")
    .where("meeting_id", "=", meetingId)
    .where("attended", "=", true)
    .execute();
  const defaults: Answers = {
    meeting_type: meeting.type,
    held_on: meeting.heldOn,
    format: meeting.format,
    ...(meeting.lengthMinutes !== null && { length_minutes: meeting.lengthMinutes }),
    ...(sources.length > 0 && {
      attendance: sources
        .map((s) => s.value)
        .filter((v) => attended.some((a) => String(a.participant_id) === v)),
    }),
    ...(meeting.topicCodes.length > 0 && { topics: meeting.topicCodes }),
    ...(meeting.topics !== null && { topics_note: meeting.topics }),
    ...(meeting.nextOn !== null && { next_on: meeting.nextOn }),
  };
  const result = await turn.forms.open({
    personId: turn.person.personId,
    formKey: "meeting_checkin",
    programId: pair.programId,
    subjectKey,
    timeZone: await zoneOf(turn, pair.programId),
    sources: { [FORM_SOURCES.pairMentees]: sources },
    defaults,
  });
  await turn.send({ text: turn.t("meetings-edit-lead") });
  await showFormResult(turn, result);
  return true;
}

async function withdraw(
  turn: Turn,
  meetingId: number,
  reason: string,
  pressed: MessageRef | undefined,
): Promise<boolean> {
  if (!(DELETE_REASONS as readonly string[]).includes(reason)) return false;
  const found = await changeable(turn, meetingId);
  if (!found) return false;
  const now = turn.deps.clock();
  if (!canChange(found.meeting, now)) {
    await turn.send({ text: turn.t("meetings-change-too-late", { days: EDIT_DAYS }) });
    return true;
  }
  const done = await withdrawMeeting(turn.db, {
    meetingId,
    reason: reason as MeetingDeleteReason,
    personId: turn.person.personId,
    now,
  });
  const locale = await turn.locale();
  await show(
    turn,
    {
      text: turn.t(done ? "meetings-deleted" : "meetings-withdrawn", {
        meeting: describeMeeting(turn.t, found.meeting, locale),
      }),
    },
    pressed,
  );
  return true;
}

/** /pair: each pair the person is in with its recent meetings, then the curator's overview. */
export async function showPairs(turn: Turn): Promise<void> {
  const pairs = await confirmedPairsOfPerson(turn.db, turn.person.personId);
  const curated = await programsCuratedBy(turn.db, turn.person.personId);
  if (pairs.length === 0 && curated.length === 0) return turn.send({ text: turn.t("meetings-no-pair") });
  for (const pair of pairs) await turn.send(await pairScreen(turn, pair));
  for (const program of curated) await turn.send(await curatorScreen(turn, program, 0));
}

function confirmationMark(
  turn: Turn,
  pair: PairInProgram,
  meeting: MeetingRow,
  confirmations: ConfirmationRow[],
  attendees: Map<number, number[]>,
): string {
  const present = attendees.get(meeting.id) ?? [];
  const mine = confirmations.filter((c) => c.meetingId === meeting.id);
  const disputed = mine.filter((c) => !c.happened);
  if (disputed.length > 0) {
    const name = nameOf(turn);
    const names = disputed.map((d) => pair.mentees.find((m) => m.participantId === d.participantId));
    return turn.t("meetings-mark-disputed", {
      names: names.map((m) => (m ? name(m) : "—")).join(", "),
    });
  }
  if (present.length === 0) return "";
  if (mine.length >= present.length) return turn.t("meetings-mark-confirmed");
  return turn.t("meetings-mark-waiting", { confirmed: mine.length, present: present.length });
}

async function attendanceOf(turn: Turn, meetingIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (meetingIds.length === 0) return map;
  const rows = await turn.db
    .selectFrom("meeting_attendance")
    .select(["meeting_id", "participant_id"])
    .where("meeting_id", "in", meetingIds)
    .where("attended", "=", true)
    .execute();
  for (const row of rows) map.set(row.meeting_id, [...(map.get(row.meeting_id) ?? []), row.participant_id]);
  return map;
}

/** One pair as its mentor or mentee sees it: the partner(s), recent meetings, what to do next. */
async function pairScreen(turn: Turn, pair: PairInProgram): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const name = nameOf(turn);
  const isMentor = pair.mentor.personId === turn.person.personId;
  const history = await meetingsOfPair(turn.db, pair.pairId, HISTORY);
  const confirmations = await confirmationsOf(
    turn.db,
    history.map((m) => m.id),
  );
  const attendees = await attendanceOf(
    turn,
    history.map((m) => m.id),
  );
  const lines = [
    isMentor
      ? t("meetings-pair-mentor", { program: pair.programName, mentees: pair.mentees.map(name).join(", ") })
      : t("meetings-pair-mentee", { program: pair.programName, mentor: name(pair.mentor) }),
  ];
  const rows: OutboundButton[][] = [];
  if (history.length === 0) lines.push(t("meetings-history-empty"));
  else lines.push(t("meetings-history-title"));
  const me = pair.mentees.find((m) => m.personId === turn.person.personId);
  for (const meeting of history) {
    const line = describeMeeting(t, meeting, locale);
    if (isMentor) {
      const mark = confirmationMark(turn, pair, meeting, confirmations, attendees);
      lines.push(`• ${line}${mark ? ` — ${mark}` : ""}`);
      continue;
    }
    const present = me && (attendees.get(meeting.id) ?? []).includes(me.participantId);
    const answered = confirmations.find(
      (c) => c.meetingId === meeting.id && c.participantId === me?.participantId,
    );
    const mark = !present
      ? t("meetings-mark-absent")
      : answered
        ? t(answered.happened ? "meetings-mark-you-confirmed" : "meetings-mark-you-disputed")
        : t("meetings-mark-you-waiting");
    lines.push(`• ${line} — ${mark}`);
    if (present && !answered && rows.length < 3) {
      rows.push([
        button(
          t("meetings-button-confirm-day", { day: formatDay(meeting.heldOn, locale) }),
          "conf",
          meeting.id,
        ),
      ]);
    }
  }
  const next = history[0]?.nextOn;
  if (next && next >= todayIn(turn.deps.clock(), pair.timeZone)) {
    lines.push(t("meetings-next", { day: formatDay(next, locale) }));
  }
  if (isMentor) {
    rows.push([button(t("meetings-button-log"), "log", pair.pairId)]);
    const [latest] = history;
    if (latest && canChange(latest, turn.deps.clock())) {
      const day = formatDay(latest.heldOn, locale);
      rows.push([
        button(t("meetings-button-edit", { day }), "edit", latest.id),
        button(t("meetings-button-delete", { day }), "del", latest.id),
      ]);
    }
  }
  return rows.length > 0 ? { text: lines.join("\n"), buttons: rows } : { text: lines.join("\n") };
}

/** A page of a programme's pairs for its curator: last meeting, confirmations, silence, disputes. */
async function curatorScreen(turn: Turn, program: CuratedProgram, page: number): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const name = nameOf(turn);
  const pairs = await confirmedPairsOfProgram(turn.db, program.id);
  if (pairs.length === 0) return { text: t("meetings-curator-no-pairs", { program: program.name }) };
  const pages = Math.ceil(pairs.length / PAGE_SIZE);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const today = todayIn(turn.deps.clock(), program.timeZone);
  const lines = [t("meetings-curator-title", { program: program.name, pairs: pairs.length })];
  if (pages > 1) lines.push(t("meetings-curator-page", { page: current + 1, pages }));
  for (const pair of pairs.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)) {
    const [last] = await meetingsOfPair(turn.db, pair.pairId, 1);
    const who = t("meetings-pair-names", {
      mentor: name(pair.mentor),
      mentees: pair.mentees.map(name).join(", "),
    });
    if (!last) {
      const since = pair.confirmedAt ? todayIn(pair.confirmedAt, program.timeZone) : today;
      lines.push(`• ${who}: ${t("meetings-curator-none", { days: daysBetween(since, today) })}`);
      continue;
    }
    const confirmations = await confirmationsOf(turn.db, [last.id]);
    const attendees = await attendanceOf(turn, [last.id]);
    const mark = confirmationMark(turn, pair, last, confirmations, attendees);
    lines.push(
      `• ${who}: ${t("meetings-curator-last", {
        meeting: describeMeeting(t, last, locale),
        days: daysBetween(last.heldOn, today),
      })}${mark ? ` — ${mark}` : ""}`,
    );
  }
  const nav = [
    ...(current > 0 ? [button(t("meetings-button-prev"), "cur", program.id, undefined, current - 1)] : []),
    ...(current < pages - 1
      ? [button(t("meetings-button-next"), "cur", program.id, undefined, current + 1)]
      : []),
  ];
  return nav.length > 0 ? { text: lines.join("\n"), buttons: [nav] } : { text: lines.join("\n") };
}
