import { FluentDateTime } from "@fluent/bundle";
import type { Config } from "../config.js";
import { hasAnyLinkTarget, inviteLinks, type InviteLinks } from "../invites/invite-links.js";
import type { Invite } from "../storage/tables.js";
import { translate, type CliDeps } from "./command.js";

export interface InviteJson {
  id: number;
  code: string;
  maxUses: number;
  expiresAt: string;
  links: InviteLinks;
}

export function inviteJson(invite: Invite, links: Config["links"]): InviteJson {
  return {
    id: invite.id,
    code: invite.code,
    maxUses: invite.max_uses,
    expiresAt: invite.expires_at.toISOString(),
    links: inviteLinks(links, invite.code),
  };
}

/** An expiry as the organisation's clock shows it ("30 ноября 2026 г. в 10:00"). */
export function expiryText(expiresAt: Date, timeZone: string) {
  return new FluentDateTime(expiresAt.getTime(), { timeZone, dateStyle: "long", timeStyle: "short" });
}

/**
 * Each code with its links, then (once) how to get links when no messenger is configured: the code
 * alone still works, typed to the bot after /start.
 */
export function inviteLines(
  deps: Pick<CliDeps, "translator" | "locale" | "config">,
  invites: Invite[],
  timeZone: string,
): string[] {
  const t = translate(deps);
  const lines: string[] = [];
  for (const invite of invites) {
    lines.push(
      t("cli-invite-code", {
        code: invite.code,
        uses: invite.max_uses,
        expires: expiryText(invite.expires_at, timeZone),
        timeZone,
      }),
    );
    const links = inviteLinks(deps.config.links, invite.code);
    if (links.telegram) lines.push(`  ${t("cli-invite-link-telegram", { link: links.telegram })}`);
    if (links.vk) lines.push(`  ${t("cli-invite-link-vk", { link: links.vk })}`);
    if (links.max) lines.push(`  ${t("cli-invite-link-max", { link: links.max })}`);
  }
  if (!hasAnyLinkTarget(deps.config.links)) lines.push(t("cli-invite-links-not-configured"));
  return lines;
}
