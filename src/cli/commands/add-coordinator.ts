import { createInviteService, INVITE_LIMITS } from "../../invites/invite.service.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import { inviteJson, inviteLines, type InviteJson } from "../invite-output.js";
import { id, integer } from "../option-values.js";

/** A week, as for curators: long enough to pass the link on, short enough to go stale if forgotten. */
const COORDINATOR_INVITE_DAYS = 7;

/** What `add-coordinator --json` prints. */
export interface AddCoordinatorJson {
  municipality: { id: number; name: string };
  role: "coordinator";
  invite: InviteJson;
}

export const addCoordinatorCommand = defineCommand({
  name: "add-coordinator",
  summary: "cli-command-add-coordinator",
  options: {
    municipality: required(id(), "cli-help-add-coordinator-municipality"),
    "expires-days": optional(
      integer(INVITE_LIMITS.expiresDays.min, INVITE_LIMITS.expiresDays.max),
      "cli-help-add-coordinator-expires-days",
    ),
  },
  async run(deps, values) {
    const t = translate(deps);
    const outcome = await createInviteService(deps.db).createCoordinatorInvite(
      {
        municipalityId: values.municipality,
        expiresInDays: values["expires-days"] ?? COORDINATOR_INVITE_DAYS,
      },
      deps.now(),
    );
    if (!outcome.ok) {
      return failed(
        fromFieldProblem(outcome.problem, { municipalityId: "municipality", expiresInDays: "expires-days" }),
      );
    }
    const { invite, municipality } = outcome.value;
    return {
      ok: true,
      json: {
        municipality: { id: municipality.id, name: municipality.name },
        role: "coordinator",
        invite: inviteJson(invite, deps.config.links),
      } satisfies AddCoordinatorJson,
      lines: [
        t("cli-coordinator-invite-created", { municipality: municipality.name, id: String(municipality.id) }),
        // A municipality keeps no time zone of its own: the expiry is shown on the service's default clock.
        ...inviteLines(deps, [invite], deps.config.defaultTimeZone),
      ],
    };
  },
});
