import { cleanText, textLength } from "../core/forms/typed.js";
import type { OutboundButton } from "../core/messages.js";
import { type Locale, type MessageArgs } from "../i18n/translator.js";
import { generateInviteCode, normalizeInviteCode } from "../invites/invite-code.js";
import { commandMenu } from "./commands.js";
import { offerNextForm } from "./forms-flow.js";
import { hasRequiredConsent, nextOnboardingStep } from "./onboarding-step.js";
import type { Turn } from "./turn.js";

/** Version of the consent texts in locales (journey-consent-text, journey-parent-consent-text). Bump with them. */
export const CONSENT_TEXT_VERSION = "pd-2026-12-operator";
/** Version of journey-consent-text-staff, what a curator or coordinator who takes part in no programme agrees to. */
export const STAFF_CONSENT_TEXT_VERSION = "pd-2026-12-staff";
/** Parental consent codes are an invite code with a leading P, so one /start parameter serves both. */
const PARENT_CODE_PREFIX = "P";
const PARENT_LINK_DAYS = 30;

export const isParentCode = (value: string) => /^P[0-9A-Z]{12}$/i.test(value.trim());

/**
 * Whom the consent names as the operator and where it is (152-FZ art. 9): the organisation of the
 * programme the person joined (or that they curate), by its full legal name when one is set; for a
 * municipal coordinator, the municipality's education authority, whose legal name the service does
 * not hold.
 */
async function operatorArgs(
  turn: Turn,
  personId: number,
  t: (key: string, args?: MessageArgs) => string,
): Promise<MessageArgs> {
  const operator = await turn.repos.onboarding.findOperator(turn.db, personId);
  const [municipality] = turn.person.coordinatorOf;
  if (!operator && municipality) {
    return {
      operator: t("journey-consent-operator-municipality", { municipality: municipality.name }),
      address: t("journey-consent-address-ask-inviter"),
    };
  }
  return {
    operator: operator?.name ?? t("journey-consent-operator-unknown"),
    // A curator asking "the programme's curator" would be asking themselves.
    address:
      operator?.address ??
      t(consentsAsStaff(turn) ? "journey-consent-address-ask-inviter" : "journey-consent-address-missing"),
  };
}

/**
 * A curator or coordinator who takes part in no programme: their data serve running programmes and
 * the record of who received participants' data, not pairs and meetings, and the consent says so.
 */
function consentsAsStaff(turn: Turn): boolean {
  const { person } = turn;
  return (
    person.participations.length === 0 && (person.curatorOf.length > 0 || person.coordinatorOf.length > 0)
  );
}

/** Shows the step the person is at: the next onboarding question, or the forms once onboarding is done. */
export async function continueJourney(turn: Turn, localeOverride?: Locale): Promise<void> {
  const locale = localeOverride ?? (await turn.locale());
  const t = (key: string, args?: MessageArgs) => turn.deps.translator.t(locale, key, args);
  switch (nextOnboardingStep(turn.person)) {
    case "language":
      return askLanguage(turn);
    case "consent":
      return turn.send({
        text: t(
          consentsAsStaff(turn) ? "journey-consent-text-staff" : "journey-consent-text",
          await operatorArgs(turn, turn.person.personId, t),
        ),
        buttons: [
          [{ label: t("journey-consent-agree"), action: { type: "consent", value: "yes" } }],
          [{ label: t("journey-consent-decline"), action: { type: "consent", value: "no" } }],
        ],
      });
    case "age":
      return turn.send({
        text: t("journey-age-question"),
        buttons: [
          [
            { label: t("journey-age-adult"), action: { type: "age", value: "adult" } },
            { label: t("journey-age-minor"), action: { type: "age", value: "minor" } },
          ],
        ],
      });
    case "parental_consent":
      return askForParent(turn, t);
    case "name": {
      const hinted = cleanName(turn.event.sender.firstName ?? "");
      const buttons: OutboundButton[][] = hinted
        ? [[{ label: t("journey-name-use-hint", { name: hinted }), action: { type: "name" } }]]
        : [];
      return turn.send({ text: t("journey-name-question"), ...(buttons.length > 0 && { buttons }) });
    }
    case "complete":
      return offerNextForm(turn, locale);
  }
}

/** Asked in both languages at once: the person has not told us which one they read. */
export function askLanguage(turn: Turn): Promise<void> {
  const { translator } = turn.deps;
  return turn.send({
    text: `${translator.t("ru", "journey-language-question")}\n${translator.t("en", "journey-language-question")}`,
    buttons: [
      [
        { label: translator.t("ru", "journey-language-name"), action: { type: "lang", value: "ru" } },
        { label: translator.t("en", "journey-language-name"), action: { type: "lang", value: "en" } },
      ],
    ],
  });
}

export async function chooseLanguage(turn: Turn, locale: Locale): Promise<void> {
  await turn.repos.people.setLocale(turn.person.personId, locale);
  const person = await turn.reload();
  // A curator's menu is set for their chat when the invite is redeemed, before this question: set it
  // again, so it speaks the language they chose.
  if (person.curatorOf.length > 0) turn.setCommandMenu(commandMenu(turn.deps.translator, locale, "curator"));
  else if (person.coordinatorOf.length > 0)
    turn.setCommandMenu(commandMenu(turn.deps.translator, locale, "coordinator"));
  await turn.send({ text: turn.deps.translator.t(locale, "journey-language-set") });
  return continueJourney(turn, locale);
}

/** /start CODE: joins a programme, or makes the person curator or coordinator, and says so. */
export async function redeemInvite(turn: Turn, argument: string): Promise<void> {
  const { deps, t } = turn;
  const code = normalizeInviteCode(argument);
  const outcome = code
    ? await turn.repos.onboarding.redeemInvite(turn.db, {
        code,
        personId: turn.person.personId,
        now: deps.clock(),
        participantStatus: hasRequiredConsent(turn.person) ? "active" : "pending_consent",
      })
    : ({ kind: "unknown" } as const);
  switch (outcome.kind) {
    case "unknown":
      return turn.send({ text: t("journey-invite-unknown") });
    case "expired":
      return turn.send({ text: t("journey-invite-expired") });
    case "used_up":
      return turn.send({ text: t("journey-invite-used-up") });
    case "joined_program":
    case "already_in_program": {
      const person = await turn.reload();
      const program = person.participations.find((p) => p.participantId === outcome.participantId);
      return turn.send({
        text: t(outcome.kind === "joined_program" ? "journey-invite-joined" : "journey-invite-already", {
          program: program?.programName ?? "",
          side: outcome.side,
        }),
      });
    }
    case "became_curator":
    case "already_curator": {
      const person = await turn.reload();
      turn.setCommandMenu(commandMenu(deps.translator, await turn.locale(), "curator"));
      const organisation = person.curatorOf.find((o) => o.organisationId === outcome.organisationId);
      return turn.send({ text: t("journey-curator-welcome", { organisation: organisation?.name ?? "" }) });
    }
    case "became_coordinator":
    case "already_coordinator": {
      const person = await turn.reload();
      // A coordinator who also curates keeps the curator's menu, which holds the coordinator's commands.
      const role = person.curatorOf.length > 0 ? "curator" : "coordinator";
      turn.setCommandMenu(commandMenu(deps.translator, await turn.locale(), role));
      const municipality = person.coordinatorOf.find((m) => m.municipalityId === outcome.municipalityId);
      return turn.send({ text: t("access-coordinator-welcome", { municipality: municipality?.name ?? "" }) });
    }
  }
}

export async function giveOwnConsent(turn: Turn): Promise<void> {
  await turn.repos.onboarding.recordConsent(turn.db, {
    personId: turn.person.personId,
    kind: "personal_data",
    // The text they were shown: the step's rule is the same on both sides of the button.
    textVersion: consentsAsStaff(turn) ? STAFF_CONSENT_TEXT_VERSION : CONSENT_TEXT_VERSION,
    givenBy: "self",
    now: turn.deps.clock(),
  });
  await turn.reload();
  await turn.send({ text: turn.t("journey-consent-thanks") });
  return continueJourney(turn);
}

export async function saveAge(turn: Turn, isMinor: boolean): Promise<void> {
  await turn.repos.people.setMinor(turn.person.personId, isMinor);
  await turn.reload();
  return continueJourney(turn);
}

/** Format characters: zero-width spaces and joiners, direction marks, the byte-order mark. */
const INVISIBLE = /\p{Cf}/gu;
/** Characters that count as letters yet show nothing: Hangul fillers, the braille blank. */
const BLANK = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
const MAX_NAME_LENGTH = 60;

/**
 * A name as it may be stored and shown, or undefined when there is nothing to call the person by:
 * cleaned like a free-text answer (no control characters, which Postgres refuses), with invisible
 * characters dropped and spaces collapsed, and at least one letter left.
 */
export function cleanName(raw: string): string | undefined {
  const name = cleanText(raw).replace(INVISIBLE, "").replace(BLANK, "").replace(/\s+/g, " ").trim();
  const length = textLength(name);
  if (length < 1 || length > MAX_NAME_LENGTH) return undefined;
  if (!/\p{L}/u.test(name) || /[<>{}\\/@#$%^*=+|~`]/.test(name)) return undefined;
  return name;
}

export async function saveName(turn: Turn, raw: string): Promise<void> {
  const name = cleanName(raw);
  if (name === undefined) return turn.send({ text: turn.t("journey-name-invalid") });
  await turn.repos.people.setName(turn.person.personId, name);
  await turn.reload();
  await turn.send({ text: turn.t("journey-name-saved", { name }) });
  return continueJourney(turn);
}

/** A minor's account waits here: the one-time link a parent opens to consent. */
async function askForParent(turn: Turn, t: (key: string, args?: MessageArgs) => string): Promise<void> {
  const { deps, person } = turn;
  const now = deps.clock();
  const request =
    (await turn.repos.onboarding.findOpenParentalConsentRequest(turn.db, person.personId, now)) ??
    (await turn.repos.onboarding.createParentalConsentRequest(turn.db, {
      personId: person.personId,
      code: PARENT_CODE_PREFIX + generateInviteCode(),
      expiresAt: new Date(now.getTime() + PARENT_LINK_DAYS * 86_400_000),
    }));
  const link = deps.deepLink(turn.event.channel, request.code) ?? `/start ${request.code}`;
  return turn.send({ text: t("journey-parent-needed", { link }) });
}

/** The parent opened the link: the consent text, with one button to agree. */
export async function showParentConsent(turn: Turn, rawCode: string): Promise<void> {
  const { deps, t } = turn;
  const code = rawCode.trim().toUpperCase();
  const known = await turn.repos.onboarding.findParentalConsentRequest(turn.db, code);
  if (!known || known.expires_at.getTime() <= deps.clock().getTime()) {
    return turn.send({ text: t("journey-parent-link-invalid") });
  }
  if (known.fulfilled_at) return turn.send({ text: t("journey-parent-link-used") });
  if (known.person_id === turn.person.personId) return turn.send({ text: t("journey-parent-link-self") });
  return turn.send({
    text: t("journey-parent-consent-text", await operatorArgs(turn, known.person_id, t)),
    buttons: [[{ label: t("journey-parent-consent-agree"), action: { type: "pconsent", value: code } }]],
  });
}

export async function giveParentConsent(turn: Turn, code: string): Promise<void> {
  const { deps, t } = turn;
  const now = deps.clock();
  const onboarding = turn.repos.onboarding;
  // In the turn's transaction: the request is spent only together with the recorded consent.
  const result = await onboarding.fulfilParentalConsentRequest(turn.db, {
    code,
    parentPersonId: turn.person.personId,
    now,
  });
  if (result.kind === "fulfilled") {
    await onboarding.recordConsent(turn.db, {
      personId: result.childPersonId,
      kind: "parental",
      textVersion: CONSENT_TEXT_VERSION,
      givenBy: "parent",
      givenByPersonId: turn.person.personId,
      now,
    });
  }
  switch (result.kind) {
    case "fulfilled":
      await turn.send({ text: t("journey-parent-consent-thanks") });
      return notifyConsentGiven(turn, result.childPersonId);
    case "used":
      return turn.send({ text: t("journey-parent-link-used") });
    case "self":
      return turn.send({ text: t("journey-parent-link-self") });
    default:
      return turn.send({ text: t("journey-parent-link-invalid") });
  }
}

/**
 * Tells the minor that they may go on, on the messenger they use, through the outbox: the child's
 * channel may be served by another instance, and the message is sent once the consent has committed.
 */
export async function notifyConsentGiven(turn: Turn, childPersonId: number): Promise<void> {
  const { translator } = turn.deps;
  await turn.deps.notify(turn.db, {
    personId: childPersonId,
    kind: "parental-consent-given",
    dedupeKey: `parental-consent-given:${childPersonId}`,
    render: (locale) => ({
      text: translator.t(locale, "journey-parent-consented"),
      buttons: [
        [{ label: translator.t(locale, "journey-continue"), action: { type: "menu", value: "forms" } }],
      ],
    }),
  });
}
