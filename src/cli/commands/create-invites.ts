import { createInviteService, INVITE_LIMITS } from "../../invites/invite.service.js";
import { CATEGORIES, SIDES } from "../../programs/mentoring-forms.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import type { Category, Side } from "../../storage/tables.js";
import { inviteJson, inviteLines, type InviteJson } from "../invite-output.js";
import { id, integer, oneOf } from "../option-values.js";

/** A month: enough for a class to get through the link at its own pace. */
const PARTICIPANT_INVITE_DAYS = 30;

/** What `create-invites --json` prints. */
export interface CreateInvitesJson {
  program: { id: number; name: string; organisationId: number };
  side: Side;
  category: Category | null;
  invites: InviteJson[];
}

export const createInvitesCommand = defineCommand({
  name: "create-invites",
  summary: "cli-command-create-invites",
  options: {
    program: required(id(), "cli-help-create-invites-program"),
    side: required(oneOf(SIDES), "cli-help-create-invites-side"),
    category: optional(oneOf(CATEGORIES), "cli-help-create-invites-category"),
    count: optional(
      integer(INVITE_LIMITS.count.min, INVITE_LIMITS.count.max),
      "cli-help-create-invites-count",
    ),
    uses: optional(integer(INVITE_LIMITS.uses.min, INVITE_LIMITS.uses.max), "cli-help-create-invites-uses"),
    "expires-days": optional(
      integer(INVITE_LIMITS.expiresDays.min, INVITE_LIMITS.expiresDays.max),
      "cli-help-create-invites-expires-days",
    ),
  },
  async run(deps, values) {
    const t = translate(deps);
    const outcome = await createInviteService(deps.db).createParticipantInvites(
      {
        programId: values.program,
        side: values.side,
        ...(values.category && { category: values.category }),
        count: values.count ?? 1,
        maxUses: values.uses ?? 1,
        expiresInDays: values["expires-days"] ?? PARTICIPANT_INVITE_DAYS,
      },
      deps.now(),
    );
    if (!outcome.ok) {
      return failed(
        fromFieldProblem(outcome.problem, {
          programId: "program",
          count: "count",
          maxUses: "uses",
          expiresInDays: "expires-days",
        }),
      );
    }
    const { invites, program, organisation } = outcome.value;
    const category = invites[0]?.category ?? null;
    return {
      ok: true,
      json: {
        program: { id: program.id, name: program.name, organisationId: organisation.id },
        side: values.side,
        category,
        invites: invites.map((invite) => inviteJson(invite, deps.config.links)),
      } satisfies CreateInvitesJson,
      lines: [
        t("cli-invites-created", {
          count: invites.length,
          side: values.side,
          category: category ?? "none",
          program: program.name,
          id: String(program.id),
        }),
        ...inviteLines(deps, invites, organisation.time_zone),
      ],
    };
  },
});
