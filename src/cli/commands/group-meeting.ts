import { todayIn } from "../../core/forms/dates.js";
import { notifyPerson } from "../../outbox/outbox.service.js";
import {
  draftGroupMeeting,
  latestGroupMeeting,
  presentPeople,
  setHeldOn,
  toggleAttendee,
} from "../../pairing/pairing.repository.js";
import { createPairingService, formatMoment } from "../../pairing/pairing.service.js";
import { defineCommand, failed, optional, required, translate, type CliDeps } from "../command.js";
import { calendarDay, id, text } from "../option-values.js";

/**
 * The group meeting and its poll from the command line, for a curator who prefers a terminal or
 * has a list from paper: the same service the chat uses, so the poll reaches people the same way
 * (through the outbox, sent by the running service).
 */

async function programOf(deps: CliDeps, programId: number) {
  return deps.db
    .selectFrom("program")
    .innerJoin("organisation", "organisation.id", "program.organisation_id")
    .select(["program.id as id", "program.name as name", "organisation.time_zone as timeZone"])
    .where("program.id", "=", programId)
    .executeTakeFirst();
}

function pairing(deps: CliDeps) {
  return createPairingService({
    translator: deps.translator,
    async notify(db, notice) {
      await notifyPerson(db, notice, { defaultTimeZone: deps.config.defaultTimeZone, now: deps.now() });
    },
  });
}

export const groupMeetingCommand = defineCommand({
  name: "group-meeting",
  summary: "cli-command-group-meeting",
  options: {
    program: required(id(), "cli-help-group-meeting-program"),
    date: optional(calendarDay(), "cli-help-group-meeting-date"),
    absent: optional(text(2000), "cli-help-group-meeting-absent"),
  },
  check(values) {
    if (values.absent !== undefined && !/^\d{1,10}(\s*,\s*\d{1,10})*$/.test(values.absent.trim())) {
      return { option: "--absent", key: "cli-error-group-meeting-absent", args: { value: values.absent } };
    }
    return undefined;
  },
  async run(deps, values) {
    const t = translate(deps);
    const program = await programOf(deps, values.program);
    if (!program) {
      return failed({
        option: "--program",
        key: "export-error-unknown-program",
        args: { id: String(values.program) },
      });
    }
    const now = deps.now();
    const heldOn = values.date ?? todayIn(now, program.timeZone);
    const absent = (values.absent ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    return deps.db.transaction().execute(async (trx) => {
      const meetingId = await draftGroupMeeting(trx, { programId: program.id, personId: null, heldOn });
      await setHeldOn(trx, meetingId, heldOn);
      const present = new Set((await presentPeople(trx, meetingId)).map((p) => p.participantId));
      for (const participantId of absent) {
        if (present.has(participantId)) await toggleAttendee(trx, meetingId, participantId);
      }
      const sent = await pairing({ ...deps, db: trx }).sendPoll(trx, {
        groupMeetingId: meetingId,
        programName: program.name,
        timeZone: program.timeZone,
        now,
      });
      if (!sent) return failed({ key: "pairing-poll-already-sent" });
      const closes = formatMoment(sent.closesAt, program.timeZone, deps.locale);
      return {
        ok: true as const,
        json: {
          groupMeeting: { id: meetingId, programId: program.id, heldOn },
          asked: sent.asked.length,
          closesAt: sent.closesAt.toISOString(),
        },
        lines: [t("cli-group-meeting-done", { id: meetingId, asked: sent.asked.length, closes })],
      };
    });
  },
});

export const closePollCommand = defineCommand({
  name: "close-poll",
  summary: "cli-command-close-poll",
  options: {
    program: required(id(), "cli-help-close-poll-program"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const program = await programOf(deps, values.program);
    if (!program) {
      return failed({
        option: "--program",
        key: "export-error-unknown-program",
        args: { id: String(values.program) },
      });
    }
    return deps.db.transaction().execute(async (trx) => {
      const meeting = await latestGroupMeeting(trx, program.id);
      const proposal =
        meeting &&
        (await pairing({ ...deps, db: trx }).propose(trx, { groupMeetingId: meeting.id, now: deps.now() }));
      if (!meeting || !proposal) return failed({ option: "--program", key: "cli-error-close-poll-none" });
      return {
        ok: true as const,
        json: { groupMeeting: { id: meeting.id }, pairs: proposal.pairs, unmatched: proposal.unmatched },
        lines: [t("cli-close-poll-done", { pairs: proposal.pairs, unmatched: proposal.unmatched })],
      };
    });
  },
});
