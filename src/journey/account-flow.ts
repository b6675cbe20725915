import { generateInviteCode } from "../invites/invite-code.js";
import { isCuratorOf, listPendingParentalConsents } from "../onboarding/onboarding.repository.js";
import { CONSENT_TEXT_VERSION, continueJourney, notifyConsentGiven } from "./onboarding-flow.js";
import { loadPersonSnapshot } from "./person-snapshot.js";
import type { Turn } from "./turn.js";

/** Account link codes: L and an invite-style code, valid briefly since they join two identities. */
const LINK_CODE_PREFIX = "L";
const LINK_CODE_MINUTES = 30;
export const isLinkCode = (value: string) => /^L[0-9A-Z]{12}$/i.test(value.trim());
/** Buttons in one /consents message; a curator with more records these first and asks again. */
const PAPER_CONSENT_PAGE = 20;

/** /link: a code to send from the other messenger, and deep links that carry it there. */
export async function offerLinkCode(turn: Turn): Promise<void> {
  const { deps } = turn;
  const code = LINK_CODE_PREFIX + generateInviteCode();
  await turn.repos.accountLinks.createCode(turn.db, {
    personId: turn.person.personId,
    code,
    expiresAt: new Date(deps.clock().getTime() + LINK_CODE_MINUTES * 60_000),
  });
  const links = (["telegram", "vk", "max"] as const)
    .filter((channel) => channel !== turn.event.channel)
    .map((channel) => deps.deepLink(channel, code))
    .filter((link): link is string => link !== undefined);
  return turn.send({
    text: [turn.t("journey-link-code", { code, minutes: LINK_CODE_MINUTES }), ...links].join("\n"),
  });
}

/** /link CODE (or a deep link with it): this account joins the code's person, who goes on where they were. */
export async function linkAccounts(turn: Turn, raw: string): Promise<void> {
  const { deps } = turn;
  const code = raw.trim().toUpperCase();
  const outcome = isLinkCode(code)
    ? await turn.repos.accountLinks.link(turn.db, { code, personId: turn.person.personId, now: deps.clock() })
    : ({ kind: "unknown" } as const);
  if (outcome.kind !== "linked") return turn.send({ text: turn.t(`journey-link-${outcome.kind}`) });
  await turn.switchPerson(outcome.personId);
  const locale = await turn.locale();
  await turn.send({ text: deps.translator.t(locale, "journey-link-done") });
  return continueJourney(turn, locale);
}

export function showProfile(turn: Turn): Promise<void> {
  const { person, t } = turn;
  const programs = person.participations.map((p) =>
    t("journey-profile-program", { program: p.programName, side: p.side, status: p.status }),
  );
  const curator = person.curatorOf.map((o) => t("journey-profile-curator", { organisation: o.name }));
  return turn.send({
    text: [
      t("journey-profile", { name: person.displayName ?? "—", language: t("journey-language-name") }),
      ...programs,
      ...curator,
    ].join("\n"),
  });
}

/** How long the "Yes, erase" button of /forget is honoured after it was sent. */
const FORGET_CONFIRM_SECONDS = 10 * 60;

/** The "Yes, erase" button carries when it was issued ("yes:<epoch seconds>"), signed like any button. */
export function confirmForget(turn: Turn): Promise<void> {
  const issued = Math.floor(turn.deps.clock().getTime() / 1000);
  return turn.send({
    text: turn.t("journey-forget-confirm"),
    buttons: [
      [
        { label: turn.t("journey-forget-yes"), action: { type: "forget", value: `yes:${issued}` } },
        { label: turn.t("journey-forget-no"), action: { type: "forget", value: "no" } },
      ],
    ],
  });
}

/**
 * Erases only on a fresh "yes": an old confirmation (or one without a time, from before it carried
 * one) or one issued before this person existed (they were erased and joined again since) is
 * refused, and /forget is offered again.
 */
export async function forget(turn: Turn, value: string): Promise<void> {
  const match = /^yes:(\d{1,12})$/.exec(value);
  if (!match) {
    if (value === "no") return turn.send({ text: turn.t("journey-forget-cancelled") });
    return refuseForget(turn);
  }
  const issuedMs = Number(match[1]) * 1000;
  const age = turn.deps.clock().getTime() - issuedMs;
  if (age > FORGET_CONFIRM_SECONDS * 1000 || age < -60_000) return refuseForget(turn);
  const createdAt = await turn.repos.people.createdAt(turn.person.personId);
  // Seconds on the button: a person made within the second after it was issued is not its owner either.
  if (!createdAt || createdAt.getTime() >= issuedMs + 1000) return refuseForget(turn);
  await turn.repos.people.erase(turn.person.personId, turn.deps.clock());
  return turn.send({ text: turn.t("journey-forget-done") });
}

async function refuseForget(turn: Turn): Promise<void> {
  await turn.send({ text: turn.t("journey-forget-expired", { minutes: FORGET_CONFIRM_SECONDS / 60 }) });
  return confirmForget(turn);
}

/** /consents (curators, see curator-guard): the minors waiting for a parent, each a button to record a paper consent. */
export async function listPaperConsents(turn: Turn): Promise<void> {
  const { t } = turn;
  const pending = await listPendingParentalConsents(turn.db, turn.person.personId, PAPER_CONSENT_PAGE);
  if (pending.length === 0) return turn.send({ text: t("journey-paper-none") });
  return turn.send({
    text: t("journey-paper-list"),
    buttons: pending.map((p) => [
      {
        label: t("journey-paper-button", { name: p.displayName ?? `#${p.personId}`, program: p.programName }),
        action: { type: "paper", value: String(p.personId) },
      },
    ]),
  });
}

/** Returns false when the button is not this curator's to press (forged, or another organisation's child). */
export async function recordPaperConsent(turn: Turn, childPersonId: number): Promise<boolean> {
  const { deps, t } = turn;
  if (
    !Number.isInteger(childPersonId) ||
    !(await isCuratorOf(turn.db, turn.person.personId, childPersonId))
  ) {
    return false;
  }
  const child = await loadPersonSnapshot(turn.db, childPersonId);
  if (child.parentalConsent) {
    await turn.send({ text: t("journey-paper-already") });
    return true;
  }
  await turn.repos.onboarding.recordConsent(turn.db, {
    personId: childPersonId,
    kind: "parental",
    textVersion: CONSENT_TEXT_VERSION,
    givenBy: "curator",
    givenByPersonId: turn.person.personId,
    now: deps.clock(),
  });
  await turn.send({ text: t("journey-paper-recorded", { name: child.displayName ?? `#${childPersonId}` }) });
  await notifyConsentGiven(turn, childPersonId);
  return true;
}
