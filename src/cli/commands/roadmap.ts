import { z } from "zod";
import { isCalendarDay, addDays } from "../../programs/academic-year.js";
import { stageTitle } from "../../roadmap/reminders.js";
import {
  listStages,
  moveStage,
  reminderSettings,
  updateReminderSettings,
  type ReminderSettings,
} from "../../roadmap/roadmap.repository.js";
import { formatClock, parseClock } from "../../roadmap/schedule.js";
import { defineCommand, failed, optional, required, translate, type CliDeps } from "../command.js";
import { calendarDay, code, id, integer, type OptionValue } from "../option-values.js";

/** What `show-roadmap --json` prints. */
export interface ShowRoadmapJson {
  program: { id: number; name: string; template: string | null };
  reminders: {
    quietHours: string;
    nudgeAfterDays: number;
    nudgeLimit: number;
    holidays: { startsOn: string; endsOn: string }[];
  };
  stages: {
    key: string;
    position: number;
    title: string;
    audience: string;
    action: string;
    form: string | null;
    opensOn: string;
    closesOn: string;
  }[];
}

async function findProgram(deps: CliDeps, programId: number) {
  return deps.db
    .selectFrom("program")
    .select(["id", "name", "roadmap_template"])
    .where("id", "=", programId)
    .executeTakeFirst();
}

const unknownProgram = (programId: number) =>
  failed({ option: "--program", key: "roadmap-error-unknown-program", args: { id: String(programId) } });

const quietText = (s: Pick<ReminderSettings, "quietFrom" | "quietTo">) =>
  `${formatClock(s.quietFrom)}-${formatClock(s.quietTo)}`;

export const showRoadmapCommand = defineCommand({
  name: "show-roadmap",
  summary: "cli-command-show-roadmap",
  options: { program: required(id(), "cli-help-roadmap-program") },
  async run(deps, values) {
    const t = translate(deps);
    const program = await findProgram(deps, values.program);
    if (!program) return unknownProgram(values.program);
    const stages = await listStages(deps.db, program.id);
    const settings = await reminderSettings(deps.db, program.id);
    const json: ShowRoadmapJson = {
      program: { id: program.id, name: program.name, template: program.roadmap_template },
      reminders: {
        quietHours: quietText(settings),
        nudgeAfterDays: settings.nudgeAfterDays,
        nudgeLimit: settings.nudgeLimit,
        holidays: settings.holidays,
      },
      stages: stages.map((stage) => ({
        key: stage.key,
        position: stage.position,
        title: stageTitle(deps.translator, stage, deps.locale),
        audience: stage.audience,
        action: stage.action,
        form: stage.form_key,
        opensOn: stage.opens_on,
        closesOn: stage.closes_on,
      })),
    };
    const lines = [
      t("cli-roadmap-header", {
        program: program.name,
        id: String(program.id),
        template: program.roadmap_template ?? "none",
      }),
      t("cli-roadmap-settings", {
        quiet: quietText(settings),
        after: settings.nudgeAfterDays,
        limit: settings.nudgeLimit,
      }),
      t("cli-roadmap-holidays", {
        holidays: settings.holidays.map((h) => `${h.startsOn}..${h.endsOn}`).join(", ") || "none",
      }),
      ...(json.stages.length === 0
        ? [t("cli-roadmap-none")]
        : json.stages.map((s) =>
            t("cli-roadmap-stage", {
              position: s.position,
              key: s.key,
              opens: s.opensOn,
              closes: s.closesOn,
              audience: t(`roadmap-audience-${s.audience}`),
              action: s.form ? `${s.action} ${s.form}` : s.action,
              title: s.title,
            }),
          )),
    ];
    return { ok: true, json: json as unknown as Record<string, unknown>, lines };
  },
});

/** What `move-stage --json` prints. */
export interface MoveStageJson {
  stage: { id: number; key: string; opensOn: string; closesOn: string };
}

export const moveStageCommand = defineCommand({
  name: "move-stage",
  summary: "cli-command-move-stage",
  options: {
    program: required(id(), "cli-help-roadmap-program"),
    stage: required(code(), "cli-help-move-stage-stage"),
    opens: required(calendarDay(), "cli-help-move-stage-opens"),
    closes: optional(calendarDay(), "cli-help-move-stage-closes"),
  },
  check(values) {
    if (values.closes && values.closes < values.opens) {
      return {
        option: "--closes",
        key: "roadmap-error-closes-before-opens",
        args: { opens: values.opens, closes: values.closes },
      };
    }
    return undefined;
  },
  async run(deps, values) {
    const t = translate(deps);
    const program = await findProgram(deps, values.program);
    if (!program) return unknownProgram(values.program);
    const stage = (await listStages(deps.db, program.id)).find((s) => s.key === values.stage);
    if (!stage) {
      return failed({
        option: "--stage",
        key: "roadmap-error-unknown-stage",
        args: { stage: values.stage, program: program.name },
      });
    }
    // Without --closes the stage keeps its length.
    const length = Math.round(
      (Date.parse(`${stage.closes_on}T00:00:00Z`) - Date.parse(`${stage.opens_on}T00:00:00Z`)) / 86_400_000,
    );
    const closesOn = values.closes ?? addDays(values.opens, length);
    const moved = (await moveStage(deps.db, {
      stageId: stage.id,
      opensOn: values.opens,
      closesOn,
      now: deps.now(),
    }))!;
    return {
      ok: true,
      json: {
        stage: { id: moved.id, key: moved.key, opensOn: moved.opens_on, closesOn: moved.closes_on },
      } satisfies MoveStageJson as unknown as Record<string, unknown>,
      lines: [
        t("cli-stage-moved", {
          title: stageTitle(deps.translator, moved, deps.locale),
          opens: moved.opens_on,
          closes: moved.closes_on,
        }),
      ],
    };
  },
});

/** "21:00-09:00" → minutes after midnight, from and to. */
function quietHours(): OptionValue<{ from: number; to: number }> {
  return {
    schema: z
      .string()
      .trim()
      .transform((value, ctx) => {
        const [from, to, ...rest] = value.split("-").map((part) => parseClock(part));
        if (from === undefined || to === undefined || rest.length > 0) {
          ctx.addIssue({ code: "custom", message: "roadmap-error-quiet" });
          return z.NEVER;
        }
        return { from, to };
      }),
    placeholder: "HH:MM-HH:MM",
  };
}

/** "2026-10-26..2026-11-03,2026-12-29..2027-01-11", or "none" to clear them. */
function holidays(): OptionValue<{ startsOn: string; endsOn: string }[]> {
  return {
    schema: z
      .string()
      .trim()
      .transform((value, ctx) => {
        if (value === "none") return [];
        const ranges = value.split(",").map((range) => {
          const [startsOn, endsOn, ...rest] = range.trim().split("..");
          return startsOn && endsOn && rest.length === 0 && isCalendarDay(startsOn) && isCalendarDay(endsOn)
            ? endsOn >= startsOn
              ? { startsOn, endsOn }
              : undefined
            : undefined;
        });
        if (ranges.some((r) => r === undefined)) {
          ctx.addIssue({ code: "custom", message: "roadmap-error-holidays" });
          return z.NEVER;
        }
        return ranges as { startsOn: string; endsOn: string }[];
      }),
    placeholder: "YYYY-MM-DD..YYYY-MM-DD,...|none",
  };
}

export const setRemindersCommand = defineCommand({
  name: "set-reminders",
  summary: "cli-command-set-reminders",
  options: {
    program: required(id(), "cli-help-roadmap-program"),
    quiet: optional(quietHours(), "cli-help-set-reminders-quiet"),
    "nudge-after": optional(integer(1, 60), "cli-help-set-reminders-nudge-after"),
    "nudge-limit": optional(integer(0, 10), "cli-help-set-reminders-nudge-limit"),
    holidays: optional(holidays(), "cli-help-set-reminders-holidays"),
  },
  check(values) {
    const given = [values.quiet, values["nudge-after"], values["nudge-limit"], values.holidays];
    if (given.every((v) => v === undefined)) return { key: "roadmap-error-nothing-to-set" };
    return undefined;
  },
  async run(deps, values) {
    const t = translate(deps);
    const program = await findProgram(deps, values.program);
    if (!program) return unknownProgram(values.program);
    await updateReminderSettings(
      deps.db,
      program.id,
      {
        ...(values.quiet && { quietFrom: values.quiet.from, quietTo: values.quiet.to }),
        ...(values["nudge-after"] !== undefined && { nudgeAfterDays: values["nudge-after"] }),
        ...(values["nudge-limit"] !== undefined && { nudgeLimit: values["nudge-limit"] }),
        ...(values.holidays && { holidays: values.holidays }),
      },
      deps.now(),
    );
    const settings = await reminderSettings(deps.db, program.id);
    return {
      ok: true,
      json: {
        program: { id: program.id, name: program.name },
        reminders: {
          quietHours: quietText(settings),
          nudgeAfterDays: settings.nudgeAfterDays,
          nudgeLimit: settings.nudgeLimit,
          holidays: settings.holidays,
        },
      },
      lines: [
        t("cli-reminders-set", { program: program.name }),
        t("cli-roadmap-settings", {
          quiet: quietText(settings),
          after: settings.nudgeAfterDays,
          limit: settings.nudgeLimit,
        }),
        t("cli-roadmap-holidays", {
          holidays: settings.holidays.map((h) => `${h.startsOn}..${h.endsOn}`).join(", ") || "none",
        }),
      ],
    };
  },
});
