import { builtInForms } from "../../forms/index.js";
import { demoTexts } from "../../demo/demo-texts.js";
import {
  createDemoSeeder,
  DEMO_CONSOLE_EXTERNAL_ID,
  DEMO_LIMITS,
  type DemoCounts,
} from "../../demo/demo-seed.service.js";
import { defineCommand, optional, translate } from "../command.js";
import { inviteJson, inviteLines, type InviteJson } from "../invite-output.js";
import { integer } from "../option-values.js";

const DEFAULT_PARTICIPANTS = 60;

/** What `seed-demo --json` prints: the demo it created, or (created: false) the one already there. */
export type SeedDemoJson =
  | {
      created: true;
      personId: number;
      municipalityId: number;
      organisationId: number;
      programId: number;
      consoleAccount: { channel: "console"; externalId: string };
      counts: DemoCounts;
      invites: { mentor: InviteJson; mentee: InviteJson };
    }
  | {
      created: false;
      personId: number;
      organisationId: number;
      programId: number | null;
      consoleAccount: { channel: "console"; externalId: string };
      /** Options given that only shape a new demo, so were not applied ("--participants 500"). */
      ignoredOptions: string[];
    };

export const seedDemoCommand = defineCommand({
  name: "seed-demo",
  summary: "cli-command-seed-demo",
  options: {
    participants: optional(
      integer(DEMO_LIMITS.participants.min, DEMO_LIMITS.participants.max),
      "cli-help-seed-demo-participants",
    ),
    seed: optional(integer(1, 2_147_483_647), "cli-help-seed-demo-seed"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const result = await createDemoSeeder(deps.db).seed({
      participants: values.participants ?? DEFAULT_PARTICIPANTS,
      seed: values.seed ?? 1,
      now: deps.now(),
      timeZone: deps.config.defaultTimeZone,
      locale: deps.locale,
      texts: demoTexts(deps.translator, deps.locale),
      forms: builtInForms,
    });
    if (!result.created) {
      // Options that only shape a new demo must not pass unnoticed when no demo is made.
      const ignored = [
        values.participants !== undefined && `--participants ${values.participants}`,
        values.seed !== undefined && `--seed ${values.seed}`,
      ].filter((o): o is string => typeof o === "string");
      return {
        ok: true,
        json: {
          ...result,
          consoleAccount: { channel: "console", externalId: DEMO_CONSOLE_EXTERNAL_ID },
          ignoredOptions: ignored,
        } satisfies SeedDemoJson,
        lines: [
          t("cli-demo-exists", {
            organisation: String(result.organisationId),
            program: String(result.programId ?? "none"),
            person: String(result.personId),
          }),
          ...(ignored.length > 0 ? [t("cli-demo-options-ignored", { options: ignored.join(", ") })] : []),
        ],
      };
    }
    const { counts, invites } = result;
    return {
      ok: true,
      json: {
        created: true,
        personId: result.personId,
        municipalityId: result.municipalityId,
        organisationId: result.organisationId,
        programId: result.programId,
        consoleAccount: { channel: "console", externalId: DEMO_CONSOLE_EXTERNAL_ID },
        counts,
        invites: {
          mentor: inviteJson(invites.mentor, deps.config.links),
          mentee: inviteJson(invites.mentee, deps.config.links),
        },
      } satisfies SeedDemoJson,
      lines: [
        t("cli-demo-created", {
          organisation: String(result.organisationId),
          program: String(result.programId),
          municipality: String(result.municipalityId),
        }),
        t("cli-demo-participants", {
          count: counts.mentors + counts.mentees,
          mentors: counts.mentors,
          mentees: counts.mentees,
          pending: counts.pendingConsent,
        }),
        t("cli-demo-forms", {
          submitted: counts.submittedForms,
          inProgress: counts.formsInProgress,
          answers: counts.answers,
        }),
        t("cli-demo-pairs", {
          pairs: counts.pairs,
          confirmed: counts.confirmedPairs,
          mentees: counts.pairedMentees,
          meetings: counts.meetings,
        }),
        t("cli-demo-console-person", {
          person: String(result.personId),
          externalId: DEMO_CONSOLE_EXTERNAL_ID,
        }),
        t("cli-demo-mentee-invite"),
        ...inviteLines(deps, [invites.mentee], deps.config.defaultTimeZone),
        t("cli-demo-mentor-invite"),
        ...inviteLines(deps, [invites.mentor], deps.config.defaultTimeZone),
      ],
    };
  },
});
