import type { ButtonAction, MessageRef, OutboundButton, OutboundMessage } from "../core/messages.js";
import { addDays, todayIn } from "../core/forms/dates.js";
import { buildPairsExport } from "../exports/pairs-export.js";
import { FORM_SOURCES } from "../forms/common.js";
import {
  activePeople,
  attendance,
  confirmedLoad,
  confirmProposal,
  draftGroupMeeting,
  endPair,
  groupMeeting,
  groupMeetingSubject,
  latestGroupMeeting,
  pairsOf,
  placeMentee,
  pollProgress,
  preferenceCounts,
  presentPeople,
  programOfGroupMeeting,
  programOfPair,
  programsCuratedBy,
  setHeldOn,
  setMentorCapacity,
  toggleAttendee,
  type CuratedProgram,
  type PairView,
  type PersonInProgram,
} from "../pairing/pairing.repository.js";
import {
  createPairingService,
  displayName,
  formatDay,
  formatMoment,
  pairingAction,
} from "../pairing/pairing.service.js";
import type { PairEndReason } from "../storage/tables.js";
import { requireCuratedProgram, requireCurator } from "./curator-guard.js";
import { showFormResult } from "./forms-flow.js";
import type { Turn } from "./turn.js";

/**
 * Forming pairs in the chat, for curators: the programme's panel (/pairs), the group meeting and who
 * was there, the poll to those present, the proposal from the stable matching, edits, confirmation,
 * and ending a pair. Every step's state is in rows (group_meeting, pair, ...) and every button carries
 * the ids it acts on, so a curator can stop anywhere and come back, and a second tap changes nothing.
 * The participants' part is one button: the poll invitation, which opens the built-in form.
 */

/** People per screen: a class of 30 takes four pages and every button stays readable on a phone. */
const PAGE_SIZE = 8;
/** How far back a group meeting's date can be set by a button. */
const DAYS_BACK = 7;
/** The curator's choice of places per mentor: group mentoring rarely goes beyond a small group. */
const MAX_CAPACITY = 10;
const END_REASONS: readonly PairEndReason[] = ["completed", "mismatch", "left", "other"];

const button = (label: string, verb: string, id: number, value?: string, page?: number): OutboundButton => ({
  label,
  action: pairingAction(verb, id, value, page),
});

function service(turn: Turn) {
  return createPairingService({
    translator: turn.deps.translator,
    notify: (db, notice) => turn.deps.notify(db, notice),
  });
}

const nameOf = (turn: Turn) => displayName(turn.t);

/** The same screen in place when a button of it was pressed, else as a new message. */
function show(turn: Turn, message: OutboundMessage, pressed: MessageRef | undefined): Promise<void> {
  if (!pressed) return turn.send(message);
  turn.edit(pressed, message);
  return Promise.resolve();
}

/** /pairs: the programme's panel, or the choice of programme for a curator of several. */
export async function showPairsHub(turn: Turn): Promise<void> {
  if (!(await requireCurator(turn))) return;
  const programs = await programsCuratedBy(turn.db, turn.person.personId);
  const [only] = programs;
  if (!only) return turn.send({ text: turn.t("pairing-no-programs") });
  if (programs.length === 1) return showPanel(turn, only);
  return turn.send({
    text: turn.t("pairing-choose-program"),
    buttons: programs.map((p) => [button(p.name, "prog", p.id)]),
  });
}

/** Every pairing button: the participant's poll invitation, else a curator's step, checked first. */
export async function handlePairingButton(
  turn: Turn,
  action: ButtonAction,
  pressed: MessageRef | undefined,
): Promise<boolean> {
  const verb = action.question ?? "";
  const id = action.session;
  if (id === undefined) return false;
  if (verb === "poll") {
    await openPollForm(turn, id);
    return true;
  }
  const onMeeting = ["att", "atp", "day", "days", "send", "close"].includes(verb);
  const onPair = verb === "endp" || verb === "endr";
  const programId = onMeeting
    ? await programOfGroupMeeting(turn.db, id)
    : onPair
      ? await programOfPair(turn.db, id)
      : id;
  const program = await requireCuratedProgram(turn, programId);
  if (!program) return true;
  const page = action.page ?? 0;
  switch (verb) {
    case "prog":
      return done(showPanel(turn, program, pressed));
    case "gm": {
      // One poll at a time: a new meeting waits until the open poll is closed (a stale button).
      const latest = await latestGroupMeeting(turn.db, program.id);
      if (latest?.pollOpenedAt && !latest.pollClosedAt) return done(showPanel(turn, program, pressed));
      const today = todayIn(turn.deps.clock(), program.timeZone);
      const meetingId = await draftGroupMeeting(turn.db, {
        programId: program.id,
        personId: turn.person.personId,
        heldOn: today,
      });
      return done(show(turn, await attendanceScreen(turn, program, meetingId, 0), pressed));
    }
    case "att":
    case "atp": {
      const meeting = await groupMeeting(turn.db, id);
      if (meeting?.pollOpenedAt) return done(turn.send({ text: turn.t("pairing-poll-already-sent") }));
      if (verb === "att") {
        if (!(await toggleAttendee(turn.db, id, Number(action.value)))) return false;
      }
      return done(show(turn, await attendanceScreen(turn, program, id, page), pressed));
    }
    case "days":
      return done(show(turn, dayPicker(turn, program, id), pressed));
    case "day": {
      const today = todayIn(turn.deps.clock(), program.timeZone);
      const day = action.value ?? "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day > today || day < addDays(today, -DAYS_BACK)) return false;
      await setHeldOn(turn.db, id, day);
      return done(show(turn, await attendanceScreen(turn, program, id, 0), pressed));
    }
    case "send":
      return done(sendPoll(turn, program, id, pressed));
    case "close": {
      // Closed already (by the clock, or a tap before): the proposal as it stands, edits kept.
      await service(turn).propose(turn.db, { groupMeetingId: id, now: turn.deps.clock() });
      return done(show(turn, await proposalScreen(turn, program), pressed));
    }
    case "prop":
      return done(show(turn, await proposalScreen(turn, program), pressed));
    case "edit":
      return done(show(turn, await menteeChoice(turn, program, page), pressed));
    case "mte":
      return done(show(turn, await mentorChoice(turn, program, Number(action.value), page), pressed));
    case "to":
      return done(place(turn, program, action.value ?? "", pressed));
    case "ok":
      return done(confirm(turn, program, pressed));
    case "end":
      return done(show(turn, await endChoice(turn, program, page), pressed));
    case "endp":
      return done(show(turn, await endReasons(turn, program, id), pressed));
    case "endr":
      return done(end(turn, program, id, action.value ?? "", pressed));
    case "xls":
      return done(exportPairs(turn, program));
    case "cap":
      return done(show(turn, await capacityChoice(turn, program, page), pressed));
    case "capm":
      return done(show(turn, await capacityValues(turn, program, Number(action.value)), pressed));
    case "capv": {
      const match = /^(\d{1,10})\.(\d{1,2})$/.exec(action.value ?? "");
      const capacity = Number(match?.[2]);
      if (!match || capacity < 1 || capacity > MAX_CAPACITY) return false;
      if (
        !(await setMentorCapacity(turn.db, { programId: program.id, mentorId: Number(match[1]), capacity }))
      )
        return false;
      return done(show(turn, await capacityChoice(turn, program, page), pressed));
    }
    default:
      return false;
  }
}

const done = async (work: Promise<void>) => {
  await work;
  return true;
};

async function showPanel(turn: Turn, program: CuratedProgram, pressed?: MessageRef): Promise<void> {
  const { t } = turn;
  const locale = await turn.locale();
  const people = await activePeople(turn.db, program.id);
  const mentees = people.filter((p) => p.side === "mentee");
  const meeting = await latestGroupMeeting(turn.db, program.id);
  const proposed = await pairsOf(turn.db, program.id, "proposed");
  const confirmed = await pairsOf(turn.db, program.id, "confirmed");
  const paired = new Set([...proposed, ...confirmed].flatMap((p) => p.mentees.map((m) => m.participantId)));
  const lines = [
    t("pairing-panel", {
      program: program.name,
      mentors: people.length - mentees.length,
      mentees: mentees.length,
    }),
  ];
  const rows: OutboundButton[][] = [];
  if (!meeting || meeting.pollClosedAt) {
    lines.push(
      meeting
        ? t("pairing-panel-poll-closed", { day: formatDay(meeting.heldOn, locale) })
        : t("pairing-panel-no-meeting"),
    );
    rows.push([button(t("pairing-button-meeting"), "gm", program.id)]);
  } else if (!meeting.pollOpenedAt) {
    lines.push(t("pairing-panel-draft", { day: formatDay(meeting.heldOn, locale) }));
    rows.push([button(t("pairing-button-meeting-continue"), "gm", program.id)]);
  } else {
    const progress = await pollProgress(turn.db, meeting.id);
    lines.push(
      t("pairing-panel-poll-open", {
        day: formatDay(meeting.heldOn, locale),
        answered: progress.answered,
        present: progress.present,
        closes: meeting.pollClosesAt ? formatMoment(meeting.pollClosesAt, program.timeZone, locale) : "—",
      }),
    );
    rows.push([button(t("pairing-button-close"), "close", meeting.id)]);
  }
  lines.push(
    t("pairing-panel-pairs", {
      confirmed: confirmed.length,
      proposed: proposed.length,
      unpaired: mentees.filter((m) => !paired.has(m.participantId)).length,
    }),
  );
  if (proposed.length > 0) rows.push([button(t("pairing-button-proposal"), "prop", program.id)]);
  rows.push([button(t("pairing-button-manual"), "edit", program.id)]);
  rows.push([button(t("pairing-button-capacity"), "cap", program.id)]);
  if (confirmed.length > 0) {
    rows.push([button(t("pairing-button-end"), "end", program.id)]);
    rows.push([button(t("pairing-button-export"), "xls", program.id)]);
  }
  return show(turn, { text: lines.join("\n"), buttons: rows }, pressed);
}

/** One page of "who was there", each person a toggle, then the date, the poll, and the way back. */
async function attendanceScreen(
  turn: Turn,
  program: CuratedProgram,
  meetingId: number,
  page: number,
): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const meeting = await groupMeeting(turn.db, meetingId);
  const everyone = await attendance(turn.db, meetingId);
  const present = everyone.filter((p) => p.present);
  const pages = Math.max(1, Math.ceil(everyone.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const name = nameOf(turn);
  const text = [
    t("pairing-attendance", {
      day: formatDay(meeting?.heldOn ?? todayIn(turn.deps.clock(), program.timeZone), locale),
      present: present.length,
      total: everyone.length,
      mentors: present.filter((p) => p.side === "mentor").length,
      mentees: present.filter((p) => p.side === "mentee").length,
    }),
    ...(pages > 1 ? [t("pairing-attendance-page", { page: current + 1, pages })] : []),
  ].join("\n");
  const rows = everyone.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).map((p) => [
    button(
      t("pairing-attendee", {
        mark: p.present ? "✅" : "⬜",
        name: name(p),
        side: t(`pairing-side-${p.side}`),
      }),
      "att",
      meetingId,
      String(p.participantId),
      current,
    ),
  ]);
  const nav = [
    ...(current > 0 ? [button(t("pairing-button-prev"), "atp", meetingId, undefined, current - 1)] : []),
    ...(current < pages - 1
      ? [button(t("pairing-button-next"), "atp", meetingId, undefined, current + 1)]
      : []),
  ];
  if (nav.length > 0) rows.push(nav);
  rows.push([
    button(t("pairing-button-day", { day: formatDay(meeting?.heldOn ?? "", locale) }), "days", meetingId),
  ]);
  rows.push([button(t("pairing-button-send", { present: present.length }), "send", meetingId)]);
  rows.push([button(t("pairing-button-back"), "prog", program.id)]);
  return { text, buttons: rows };
}

function dayPicker(turn: Turn, program: CuratedProgram, meetingId: number): OutboundMessage {
  const today = todayIn(turn.deps.clock(), program.timeZone);
  const locale = turn.event.account.locale;
  const days = Array.from({ length: DAYS_BACK + 1 }, (_, back) => addDays(today, -back));
  const rows: OutboundButton[][] = [];
  for (let i = 0; i < days.length; i += 2) {
    rows.push(days.slice(i, i + 2).map((day) => button(formatDay(day, locale), "day", meetingId, day)));
  }
  return { text: turn.t("pairing-choose-day"), buttons: rows };
}

async function sendPoll(
  turn: Turn,
  program: CuratedProgram,
  meetingId: number,
  pressed: MessageRef | undefined,
): Promise<void> {
  const { t } = turn;
  const present = await presentPeople(turn.db, meetingId);
  if (!present.some((p) => p.side === "mentor") || !present.some((p) => p.side === "mentee")) {
    return turn.send({ text: t("pairing-send-needs-both") });
  }
  const sent = await service(turn).sendPoll(turn.db, {
    groupMeetingId: meetingId,
    programName: program.name,
    timeZone: program.timeZone,
    now: turn.deps.clock(),
  });
  if (!sent) return turn.send({ text: t("pairing-poll-already-sent") });
  return show(
    turn,
    {
      text: t("pairing-poll-sent", {
        present: sent.asked.length,
        closes: formatMoment(sent.closesAt, program.timeZone, await turn.locale()),
      }),
    },
    pressed,
  );
}

/** The participant's side: the poll invitation's button opens the built-in preference form. */
async function openPollForm(turn: Turn, meetingId: number): Promise<void> {
  const { t } = turn;
  const meeting = await groupMeeting(turn.db, meetingId);
  if (!meeting?.pollOpenedAt) return turn.send({ text: t("pairing-poll-not-invited") });
  if (meeting.pollClosedAt) return turn.send({ text: t("pairing-poll-closed") });
  const present = await presentPeople(turn.db, meetingId);
  const me = present.find((p) => p.personId === turn.person.personId);
  if (!me) return turn.send({ text: t("pairing-poll-not-invited") });
  const candidates = present.filter((p) => p.side !== me.side);
  const result = await turn.forms.open({
    personId: turn.person.personId,
    formKey: "preference_poll",
    programId: meeting.programId,
    subjectKey: groupMeetingSubject(meetingId),
    sources: {
      [FORM_SOURCES.groupMeetingCandidates]: candidates.map((c) => ({
        value: String(c.participantId),
        label: { key: "pairing-candidate", args: { name: nameOf(turn)(c) } },
      })),
    },
  });
  return showFormResult(turn, result);
}

/** The proposal as a readable list: each mentor with their mentees and why, then who is left. */
async function proposalScreen(turn: Turn, program: CuratedProgram, note?: string): Promise<OutboundMessage> {
  const { t } = turn;
  const name = nameOf(turn);
  const proposed = await pairsOf(turn.db, program.id, "proposed");
  const back = [button(t("pairing-button-back"), "prog", program.id)];
  if (proposed.length === 0) {
    return {
      text: [note, t("pairing-proposal-empty")].filter(Boolean).join("\n\n"),
      buttons: [[button(t("pairing-button-manual"), "edit", program.id)], back],
    };
  }
  const { seatsTaken } = await confirmedLoad(turn.db, program.id);
  const lines = [t("pairing-proposal-title", { program: program.name })];
  proposed.forEach((pair, index) => {
    const taken = pair.mentees.length + (seatsTaken.get(pair.mentor.participantId) ?? 0);
    lines.push(
      "",
      t("pairing-proposal-mentor", {
        index: index + 1,
        name: name(pair.mentor),
        taken,
        capacity: pair.mentor.capacity,
      }) + (taken > pair.mentor.capacity ? ` ${t("pairing-over-capacity")}` : ""),
    );
    for (const mentee of pair.mentees)
      lines.push(t("pairing-proposal-mentee", { name: name(mentee), why: why(turn, mentee) }));
  });
  const unmatched = await unpairedMentees(turn, program.id, proposed);
  if (unmatched.length > 0) {
    const reasons = await unmatchedReasons(turn, program.id);
    lines.push("", t("pairing-unmatched-title", { count: unmatched.length }));
    for (const mentee of unmatched) {
      const reason = reasons(mentee.participantId);
      lines.push(reason ? t("pairing-unmatched", { name: name(mentee), reason }) : `• ${name(mentee)}`);
    }
  }
  const free = await mentorsWithRoom(turn, program.id);
  if (free.length > 0) {
    lines.push("", t("pairing-free-title"));
    for (const mentor of free) lines.push(t("pairing-free", { name: name(mentor), free: mentor.free }));
  }
  return {
    text: [note, lines.join("\n")].filter(Boolean).join("\n\n"),
    buttons: [
      [button(t("pairing-button-confirm"), "ok", program.id)],
      [button(t("pairing-button-edit"), "edit", program.id)],
      back,
    ],
  };
}

function why(turn: Turn, mentee: PairView["mentees"][number]): string {
  const { menteeRank, mentorRank } = mentee;
  if (mentee.assignedBy === "curator") return turn.t("pairing-why-curator");
  if (menteeRank !== null && mentorRank !== null)
    return turn.t("pairing-why-both", { menteeRank, mentorRank });
  if (menteeRank !== null) return turn.t("pairing-why-mentee", { menteeRank });
  if (mentorRank !== null) return turn.t("pairing-why-mentor", { mentorRank });
  return turn.t("pairing-why-curator");
}

/** Active mentees in no pair, proposed or confirmed. */
async function unpairedMentees(
  turn: Turn,
  programId: number,
  proposed?: PairView[],
): Promise<PersonInProgram[]> {
  const pairs = [
    ...(proposed ?? (await pairsOf(turn.db, programId, "proposed"))),
    ...(await pairsOf(turn.db, programId, "confirmed")),
  ];
  const paired = new Set(pairs.flatMap((p) => p.mentees.map((m) => m.participantId)));
  return (await activePeople(turn.db, programId)).filter(
    (p) => p.side === "mentee" && !paired.has(p.participantId),
  );
}

/** Why a mentee has no pair, for those asked in the last poll; undefined for anyone not asked. */
async function unmatchedReasons(
  turn: Turn,
  programId: number,
): Promise<(participantId: number) => string | undefined> {
  const meeting = await latestGroupMeeting(turn.db, programId);
  if (!meeting?.pollOpenedAt) return () => undefined;
  const asked = new Set((await presentPeople(turn.db, meeting.id)).map((p) => p.participantId));
  const { given, received } = await preferenceCounts(turn.db, programId);
  return (id) => {
    if (!asked.has(id)) return undefined;
    if (!given.get(id)) return turn.t("pairing-reason-ranked-nobody");
    if (!received.get(id)) return turn.t("pairing-reason-ranked-by-nobody");
    return turn.t("pairing-reason-no-match");
  };
}

/** Every active mentor with the places they have taken (proposed and confirmed) and offer. */
async function mentorLoad(
  turn: Turn,
  programId: number,
): Promise<(PersonInProgram & { taken: number; capacity: number; free: number })[]> {
  const mentors = (await activePeople(turn.db, programId)).filter((p) => p.side === "mentor");
  const { seatsTaken } = await confirmedLoad(turn.db, programId);
  const proposed = await pairsOf(turn.db, programId, "proposed");
  const capacityRows = await turn.db
    .selectFrom("participant")
    .select(["id", "capacity"])
    .where("program_id", "=", programId)
    .where("side", "=", "mentor")
    .execute();
  return mentors.map((mentor) => {
    const capacity = capacityRows.find((r) => r.id === mentor.participantId)?.capacity ?? 1;
    const taken =
      (seatsTaken.get(mentor.participantId) ?? 0) +
      (proposed.find((p) => p.mentor.participantId === mentor.participantId)?.mentees.length ?? 0);
    return { ...mentor, taken, capacity, free: Math.max(0, capacity - taken) };
  });
}

async function mentorsWithRoom(turn: Turn, programId: number) {
  return (await mentorLoad(turn, programId)).filter((m) => m.free > 0);
}

function pageRows(
  turn: Turn,
  total: number,
  page: number,
  verb: string,
  id: number,
  value?: string,
): { current: number; nav: OutboundButton[] } {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const nav = [
    ...(current > 0 ? [button(turn.t("pairing-button-prev"), verb, id, value, current - 1)] : []),
    ...(current < pages - 1 ? [button(turn.t("pairing-button-next"), verb, id, value, current + 1)] : []),
  ];
  return { current, nav };
}

/** The curator's edit, step one: which mentee to place, move or take out (not those confirmed). */
async function menteeChoice(turn: Turn, program: CuratedProgram, page: number): Promise<OutboundMessage> {
  const { t } = turn;
  const name = nameOf(turn);
  const { pairedMentees } = await confirmedLoad(turn.db, program.id);
  const proposed = await pairsOf(turn.db, program.id, "proposed");
  const mentorOf = new Map(
    proposed.flatMap((p) => p.mentees.map((m) => [m.participantId, p.mentor] as const)),
  );
  const mentees = (await activePeople(turn.db, program.id)).filter(
    (p) => p.side === "mentee" && !pairedMentees.has(p.participantId),
  );
  const back = [button(t("pairing-button-done"), "prop", program.id)];
  if (mentees.length === 0) return { text: t("pairing-no-mentees"), buttons: [back] };
  const { current, nav } = pageRows(turn, mentees.length, page, "edit", program.id);
  const rows = mentees.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).map((m) => {
    const mentor = mentorOf.get(m.participantId);
    const label = mentor
      ? t("pairing-edit-mentee-paired", { name: name(m), mentor: name(mentor) })
      : t("pairing-edit-mentee-free", { name: name(m) });
    return [button(label, "mte", program.id, String(m.participantId))];
  });
  if (nav.length > 0) rows.push(nav);
  rows.push(back);
  return { text: t("pairing-edit-choose-mentee"), buttons: rows };
}

/** Step two: the mentor to put them with (with places taken of offered), or out of any pair. */
async function mentorChoice(
  turn: Turn,
  program: CuratedProgram,
  menteeId: number,
  page: number,
): Promise<OutboundMessage> {
  const { t } = turn;
  const name = nameOf(turn);
  const mentee = (await activePeople(turn.db, program.id)).find(
    (p) => p.participantId === menteeId && p.side === "mentee",
  );
  if (!mentee) return { text: t("pairing-cannot-place") };
  const mentors = await mentorLoad(turn, program.id);
  if (mentors.length === 0)
    return {
      text: t("pairing-no-mentors"),
      buttons: [[button(t("pairing-button-back"), "edit", program.id)]],
    };
  const { current, nav } = pageRows(turn, mentors.length, page, "mte", program.id, String(menteeId));
  const rows = mentors
    .slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
    .map((m) => [
      button(
        t("pairing-edit-mentor", { name: name(m), taken: m.taken, capacity: m.capacity }),
        "to",
        program.id,
        `${menteeId}.${m.participantId}`,
      ),
    ]);
  if (nav.length > 0) rows.push(nav);
  rows.push([button(t("pairing-button-remove"), "to", program.id, `${menteeId}.0`)]);
  rows.push([button(t("pairing-button-back"), "edit", program.id)]);
  return { text: t("pairing-edit-choose-mentor", { name: name(mentee) }), buttons: rows };
}

async function place(turn: Turn, program: CuratedProgram, value: string, pressed: MessageRef | undefined) {
  const { t } = turn;
  const match = /^(\d{1,10})\.(\d{1,10})$/.exec(value);
  if (!match) return turn.send({ text: t("pairing-cannot-place") });
  const menteeId = Number(match[1]);
  const mentorId = Number(match[2]) || null;
  const placed = await placeMentee(turn.db, {
    programId: program.id,
    menteeId,
    mentorId,
    now: turn.deps.clock(),
  });
  if (!placed) return turn.send({ text: t("pairing-cannot-place") });
  const people = await activePeople(turn.db, program.id);
  const name = nameOf(turn);
  const person = (id: number) => people.find((p) => p.participantId === id);
  const mentee = person(menteeId);
  const mentor = mentorId === null ? undefined : person(mentorId);
  const note =
    mentee && mentor
      ? t("pairing-placed", { mentee: name(mentee), mentor: name(mentor) })
      : mentee
        ? t("pairing-removed", { mentee: name(mentee) })
        : undefined;
  return show(turn, await proposalScreen(turn, program, note), pressed);
}

async function confirm(turn: Turn, program: CuratedProgram, pressed: MessageRef | undefined): Promise<void> {
  const { t } = turn;
  const confirmed = await confirmProposal(turn.db, {
    programId: program.id,
    personId: turn.person.personId,
    now: turn.deps.clock(),
  });
  if (confirmed.length === 0) return turn.send({ text: t("pairing-nothing-to-confirm") });
  await service(turn).announce(turn.db, program.id, program.name, confirmed);
  const unmatched = await unpairedMentees(turn, program.id);
  const name = nameOf(turn);
  const text = [
    t("pairing-confirmed", { count: confirmed.length }),
    ...(unmatched.length > 0
      ? [t("pairing-still-unmatched", { names: unmatched.map(name).join(", ") })]
      : []),
  ].join("\n\n");
  return show(
    turn,
    {
      text,
      buttons: [
        [button(t("pairing-button-export"), "xls", program.id)],
        [button(t("pairing-button-back"), "prog", program.id)],
      ],
    },
    pressed,
  );
}

/** The confirmed pairs as a spreadsheet, for the head's order that fixes them: a reply with the file. */
async function exportPairs(turn: Turn, program: CuratedProgram): Promise<void> {
  const locale = await turn.locale();
  const file = await buildPairsExport(turn.db, {
    programId: program.id,
    locale,
    translator: turn.deps.translator,
    now: turn.deps.clock(),
  });
  if (!file || file.rows.length === 0) return turn.send({ text: turn.t("pairing-end-none") });
  return turn.send({
    text: turn.t("pairing-export-caption", { program: program.name, pairs: file.pairCount }),
    document: { fileName: file.fileName, mimeType: file.mimeType, content: file.content },
  });
}

const pairLabel = (turn: Turn, pair: PairView) => {
  const name = nameOf(turn);
  return { mentor: name(pair.mentor), mentees: pair.mentees.map(name).join(", ") };
};

async function endChoice(turn: Turn, program: CuratedProgram, page: number): Promise<OutboundMessage> {
  const { t } = turn;
  const confirmed = await pairsOf(turn.db, program.id, "confirmed");
  const back = [button(t("pairing-button-back"), "prog", program.id)];
  if (confirmed.length === 0) return { text: t("pairing-end-none"), buttons: [back] };
  const { current, nav } = pageRows(turn, confirmed.length, page, "end", program.id);
  const rows = confirmed
    .slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
    .map((pair) => [button(t("pairing-end-pair", pairLabel(turn, pair)), "endp", pair.pairId)]);
  if (nav.length > 0) rows.push(nav);
  rows.push(back);
  return { text: t("pairing-end-choose"), buttons: rows };
}

async function endReasons(turn: Turn, program: CuratedProgram, pairId: number): Promise<OutboundMessage> {
  const { t } = turn;
  const pair = (await pairsOf(turn.db, program.id, "confirmed")).find((p) => p.pairId === pairId);
  if (!pair) return { text: t("pairing-ended-already") };
  return {
    text: t("pairing-end-reason", pairLabel(turn, pair)),
    buttons: [
      ...END_REASONS.map((reason) => [button(t(`pairing-reason-${reason}`), "endr", pairId, reason)]),
      [button(t("pairing-button-back"), "end", program.id)],
    ],
  };
}

async function end(
  turn: Turn,
  program: CuratedProgram,
  pairId: number,
  reason: string,
  pressed: MessageRef | undefined,
): Promise<void> {
  const { t } = turn;
  if (!(END_REASONS as readonly string[]).includes(reason))
    return turn.send({ text: t("pairing-ended-already") });
  const pair = (await pairsOf(turn.db, program.id, "confirmed")).find((p) => p.pairId === pairId);
  const ended =
    pair !== undefined &&
    (await endPair(turn.db, {
      pairId,
      reason: reason as PairEndReason,
      personId: turn.person.personId,
      now: turn.deps.clock(),
    }));
  if (!pair || !ended) return turn.send({ text: t("pairing-ended-already") });
  await service(turn).announceEnd(turn.db, program.id, program.name, pair);
  return show(
    turn,
    { text: t("pairing-ended"), buttons: [[button(t("pairing-button-back"), "prog", program.id)]] },
    pressed,
  );
}

/** Places per mentor: what their questionnaire said, or one; the curator may change it here. */
async function capacityChoice(turn: Turn, program: CuratedProgram, page: number): Promise<OutboundMessage> {
  const { t } = turn;
  const name = nameOf(turn);
  const mentors = await mentorLoad(turn, program.id);
  const back = [button(t("pairing-button-back"), "prog", program.id)];
  if (mentors.length === 0) return { text: t("pairing-no-mentors"), buttons: [back] };
  const { current, nav } = pageRows(turn, mentors.length, page, "cap", program.id);
  const rows = mentors
    .slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
    .map((m) => [
      button(
        t("pairing-capacity-mentor", { name: name(m), capacity: m.capacity, taken: m.taken }),
        "capm",
        program.id,
        String(m.participantId),
      ),
    ]);
  if (nav.length > 0) rows.push(nav);
  rows.push(back);
  return { text: t("pairing-capacity-choose"), buttons: rows };
}

async function capacityValues(
  turn: Turn,
  program: CuratedProgram,
  mentorId: number,
): Promise<OutboundMessage> {
  const { t } = turn;
  const mentor = (await mentorLoad(turn, program.id)).find((m) => m.participantId === mentorId);
  if (!mentor) return { text: t("pairing-no-mentors") };
  const values = Array.from({ length: MAX_CAPACITY }, (_, i) => i + 1);
  const rows: OutboundButton[][] = [];
  for (let i = 0; i < values.length; i += 5) {
    rows.push(
      values
        .slice(i, i + 5)
        .map((n) =>
          button(n === mentor.capacity ? `✅ ${n}` : String(n), "capv", program.id, `${mentorId}.${n}`),
        ),
    );
  }
  rows.push([button(t("pairing-button-back"), "cap", program.id)]);
  return {
    text: t("pairing-capacity-ask", { name: nameOf(turn)(mentor), capacity: mentor.capacity }),
    buttons: rows,
  };
}
