import type { ButtonAction, MessageRef, OutboundButton, OutboundMessage } from "../core/messages.js";
import { addDays, todayIn } from "../core/forms/dates.js";
import { formatDay } from "../pairing/pairing.service.js";
import { programsCuratedBy, type CuratedProgram } from "../pairing/pairing.repository.js";
import { stageTitle } from "../roadmap/reminders.js";
import { resolveStageForm } from "../roadmap/stage-form.js";
import {
  findStage,
  listStages,
  moveStage,
  reminderSettings,
  remindersMuted,
  setRemindersMuted,
  type RoadmapStage,
} from "../roadmap/roadmap.repository.js";
import { formatClock } from "../roadmap/schedule.js";
import { requireCurator, requireCuratedProgram } from "./curator-guard.js";
import { showFormResult } from "./forms-flow.js";
import { startMeetingLog } from "./meetings-flow.js";
import type { Turn } from "./turn.js";
import { typedChoice } from "./typed-choice.js";

/**
 * The roadmap in the chat: the button a stage reminder carries (it opens the form the stage asks of
 * this person), /settings (mute the reminders that are not essential), and the curator's /roadmap
 * (the stages with their dates, and moving one, after which the clock recomputes what is due).
 */

/** Buttons of a stage reminder: `rm` with the stage id; a form stage opens its form, a meeting stage the check-in. */
export async function startStageAction(turn: Turn, stageId: number): Promise<void> {
  const { person, t } = turn;
  const stage = Number.isInteger(stageId) ? await findStage(turn.db, stageId) : undefined;
  const participation = person.participations.find(
    (p) => p.programId === stage?.program_id && p.status === "active",
  );
  // A meeting is logged the way /meeting logs it: the check-in of the mentor's pair.
  if (stage?.action === "meeting" && participation) return startMeetingLog(turn);
  if (!stage || stage.action !== "form" || !stage.form_key || !participation) {
    return turn.send({ text: t("roadmap-stage-gone") });
  }
  const formKey = resolveStageForm(stage.form_key, participation);
  if (await turn.forms.hasSubmitted(person.personId, formKey, stage.program_id, stage.subject_key)) {
    return turn.send({ text: t("roadmap-form-done") });
  }
  const result = await turn.forms.open({
    personId: person.personId,
    formKey,
    programId: stage.program_id,
    ...(stage.subject_key && { subjectKey: stage.subject_key }),
  });
  return showFormResult(turn, result);
}

/** /settings, and its button (`set` with "mute" or "unmute"), which redraws the same message. */
export async function showSettings(turn: Turn, change?: string, pressed?: MessageRef): Promise<void> {
  const { t } = turn;
  if (change === "mute" || change === "unmute") {
    await setRemindersMuted(turn.db, turn.person.personId, change === "mute");
  }
  const muted = await remindersMuted(turn.db, turn.person.personId);
  const message: OutboundMessage = {
    text: `${t(muted ? "roadmap-settings-off" : "roadmap-settings-on")}\n${t("roadmap-settings-typed")}`,
    buttons: [
      [
        {
          label: t(muted ? "roadmap-settings-unmute" : "roadmap-settings-mute"),
          action: { type: "set", value: muted ? "unmute" : "mute" },
        },
      ],
    ],
  };
  if (pressed) turn.edit(pressed, message);
  else await turn.send(message);
}

/** "/settings off" and "/settings on" (or the words of the buttons), for clients without buttons. */
export function typedSettingsChange(turn: Turn, argument: string): "mute" | "unmute" | undefined {
  return typedChoice(argument, [
    {
      value: "mute" as const,
      words: [turn.t("roadmap-settings-mute"), ...turn.t("roadmap-typed-off").split(",")],
    },
    {
      value: "unmute" as const,
      words: [turn.t("roadmap-settings-unmute"), ...turn.t("roadmap-typed-on").split(",")],
    },
  ]);
}

const PAGE = 8;
const SHIFTS = [-7, -1, 1, 7];
const EXTEND_DAYS = 7;

const button = (label: string, verb: string, id: number, value?: string, page?: number): OutboundButton => ({
  label,
  action: {
    type: "rmc",
    question: verb,
    session: id,
    ...(value !== undefined && { value }),
    ...(page !== undefined && { page }),
  },
});

/** /roadmap: the programme's roadmap, or first the choice of programme. */
export async function showRoadmapHub(turn: Turn): Promise<void> {
  if (!(await requireCurator(turn))) return;
  const programs = await programsCuratedBy(turn.db, turn.person.personId);
  const [only] = programs;
  if (!only) return turn.send({ text: turn.t("roadmap-view-no-programs") });
  if (programs.length === 1) return turn.send(await roadmapScreen(turn, only));
  return turn.send({
    text: turn.t("roadmap-view-pick-program"),
    buttons: programs.map((p) => [button(p.name, "prog", p.id)]),
  });
}

/** Every /roadmap button (`rmc`): the programme it concerns is checked against the curator first. */
export async function handleRoadmapButton(
  turn: Turn,
  action: ButtonAction,
  pressed: MessageRef | undefined,
): Promise<boolean> {
  const verb = action.question ?? "";
  const id = action.session;
  if (id === undefined) return false;
  const onStage = verb === "stage" || verb === "mv" || verb === "ext";
  const stage = onStage ? await findStage(turn.db, id) : undefined;
  if (onStage && !stage) return false;
  const program = await requireCuratedProgram(turn, stage ? stage.program_id : id);
  if (!program) return true;
  const show = (message: OutboundMessage) =>
    pressed ? turn.edit(pressed, message) : void turn.send(message);
  switch (verb) {
    case "prog":
      show(await roadmapScreen(turn, program));
      return true;
    case "pick":
      show(await pickStageScreen(turn, program, action.page ?? 0));
      return true;
    case "stage":
      show(await stageScreen(turn, program, stage!));
      return true;
    case "mv":
    case "ext": {
      const days = Number(action.value);
      const allowed = verb === "mv" ? SHIFTS.includes(days) : days === EXTEND_DAYS;
      if (!allowed) return false;
      const moved = await moveStage(turn.db, {
        stageId: stage!.id,
        opensOn: verb === "mv" ? addDays(stage!.opens_on, days) : stage!.opens_on,
        closesOn: addDays(stage!.closes_on, days),
        now: turn.deps.clock(),
      });
      if (!moved) return false;
      show(await stageScreen(turn, program, moved, true));
      return true;
    }
    default:
      return false;
  }
}

async function roadmapScreen(turn: Turn, program: CuratedProgram): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const stages = await listStages(turn.db, program.id);
  if (stages.length === 0) return { text: t("roadmap-view-empty", { program: program.name }) };
  const today = todayIn(turn.deps.clock(), program.timeZone);
  const settings = await reminderSettings(turn.db, program.id);
  const rhythm = t("roadmap-view-settings", {
    quiet: `${formatClock(settings.quietFrom)}-${formatClock(settings.quietTo)}`,
    after: settings.nudgeAfterDays,
    limit: settings.nudgeLimit,
    holidays:
      settings.holidays
        .map((h) => `${formatDay(h.startsOn, locale)} — ${formatDay(h.endsOn, locale)}`)
        .join(", ") || "none",
  });
  const lines = stages.map((stage) =>
    t("roadmap-view-line", {
      state: stage.closes_on < today ? "done" : stage.opens_on <= today ? "open" : "later",
      position: stage.position,
      title: stageTitle(turn.deps.translator, stage, locale),
      opens: formatDay(stage.opens_on, locale),
      closes: formatDay(stage.closes_on, locale),
      audience: t(`roadmap-audience-${stage.audience}`),
    }),
  );
  return {
    text: [
      t("roadmap-view-header", { program: program.name, today: formatDay(today, locale) }),
      ...lines,
      rhythm,
    ].join("\n"),
    buttons: [[button(t("roadmap-view-move"), "pick", program.id, undefined, 0)]],
  };
}

async function pickStageScreen(turn: Turn, program: CuratedProgram, page: number): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const stages = await listStages(turn.db, program.id);
  const shown = stages.slice(page * PAGE, (page + 1) * PAGE);
  const more = (page + 1) * PAGE < stages.length;
  return {
    text: t("roadmap-view-pick-stage"),
    buttons: [
      ...shown.map((stage) => [
        button(`${stage.position}. ${stageTitle(turn.deps.translator, stage, locale)}`, "stage", stage.id),
      ]),
      [
        ...(more ? [button(t("roadmap-view-more"), "pick", program.id, undefined, page + 1)] : []),
        button(t("roadmap-back"), "prog", program.id),
      ],
    ],
  };
}

async function stageScreen(
  turn: Turn,
  program: CuratedProgram,
  stage: RoadmapStage,
  moved = false,
): Promise<OutboundMessage> {
  const { t } = turn;
  const locale = await turn.locale();
  const args = {
    title: stageTitle(turn.deps.translator, stage, locale),
    opens: formatDay(stage.opens_on, locale),
    closes: formatDay(stage.closes_on, locale),
  };
  return {
    text: moved
      ? `${t("roadmap-moved", args)}\n\n${t("roadmap-view-stage", args)}`
      : t("roadmap-view-stage", args),
    buttons: [
      SHIFTS.map((days) =>
        button(
          days < 0 ? t("roadmap-shift-earlier", { days: -days }) : t("roadmap-shift-later", { days }),
          "mv",
          stage.id,
          String(days),
        ),
      ),
      [button(t("roadmap-extend", { days: EXTEND_DAYS }), "ext", stage.id, String(EXTEND_DAYS))],
      [button(t("roadmap-back"), "prog", program.id)],
    ],
  };
}
