import { createInviteService, INVITE_LIMITS } from "../../invites/invite.service.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import { inviteJson, inviteLines, type InviteJson } from "../invite-output.js";
import { id, integer } from "../option-values.js";

/** A week: long enough to pass the link on, short enough that a forgotten one goes stale. */
const CURATOR_INVITE_DAYS = 7;

/** What `add-curator --json` prints. */
export interface AddCuratorJson {
  organisation: { id: number; name: string };
  role: "curator";
  invite: InviteJson;
}

export const addCuratorCommand = defineCommand({
  name: "add-curator",
  summary: "cli-command-add-curator",
  options: {
    organisation: required(id(), "cli-help-add-curator-organisation"),
    "expires-days": optional(
      integer(INVITE_LIMITS.expiresDays.min, INVITE_LIMITS.expiresDays.max),
      "cli-help-add-curator-expires-days",
    ),
  },
  async run(deps, values) {
    const t = translate(deps);
    const outcome = await createInviteService(deps.db).createCuratorInvite(
      { organisationId: values.organisation, expiresInDays: values["expires-days"] ?? CURATOR_INVITE_DAYS },
      deps.now(),
    );
    if (!outcome.ok) {
      return failed(
        fromFieldProblem(outcome.problem, { organisationId: "organisation", expiresInDays: "expires-days" }),
      );
    }
    const { invite, organisation } = outcome.value;
    return {
      ok: true,
      json: {
        organisation: { id: organisation.id, name: organisation.name },
        role: "curator",
        invite: inviteJson(invite, deps.config.links),
      } satisfies AddCuratorJson,
      lines: [
        t("cli-curator-invite-created", { organisation: organisation.name, id: String(organisation.id) }),
        ...inviteLines(deps, [invite], organisation.time_zone),
      ],
    };
  },
});
