import type { InboundEvent } from "../core/messages.js";
import type { EventHandler } from "../pipeline/inbound-pipeline.js";
import { isLocale } from "../i18n/translator.js";
import {
  confirmForget,
  forget,
  isLinkCode,
  linkAccounts,
  listPaperConsents,
  offerLinkCode,
  recordPaperConsent,
  showProfile,
} from "./account-flow.js";
import { isCuratorCommand, requireCurator } from "./curator-guard.js";
import { handleDigestButton, indicatorsCommand, showDigestCommand } from "./digest-flow.js";
import { handleExportButton, sendOwnData, startExport } from "./export-flow.js";
import { formActionToInput, isFormAction } from "./form-actions.js";
import { listForms, showFormResult } from "./forms-flow.js";
import {
  askLanguage,
  chooseLanguage,
  continueJourney,
  giveOwnConsent,
  giveParentConsent,
  isParentCode,
  redeemInvite,
  saveAge,
  saveName,
  showParentConsent,
} from "./onboarding-flow.js";
import { nextOnboardingStep } from "./onboarding-step.js";
import { handleMeetingButton, showPairs, startMeetingLog } from "./meetings-flow.js";
import { handlePairingButton, showPairsHub } from "./pairing-flow.js";
import {
  handleRoadmapButton,
  showRoadmapHub,
  showSettings,
  startStageAction,
  typedSettingsChange,
} from "./roadmap-flow.js";
import { createTurn, type JourneyDependencies, type Turn } from "./turn.js";
import { typedChoice } from "./typed-choice.js";
import { typedLocale } from "./typed-language.js";

export { CONSENT_TEXT_VERSION } from "./onboarding-flow.js";
/** What the journey reads on every event, for the pipeline to read with the account (`preload`). */
export { personSnapshotPreload } from "./person-snapshot.js";
export type { JourneyDependencies, JourneyFormRunner, PersonNotice } from "./turn.js";

/**
 * The participant journey on every channel: onboarding (invite → language → consent → age → name →
 * a parent's consent for a minor), then the entry questionnaire, the commands, and form answers. It
 * reads the person's state from Postgres on every event, so it keeps nothing in memory between events.
 * This file only routes; the steps live in onboarding-flow, forms-flow and account-flow.
 */
export function createJourney(deps: JourneyDependencies): EventHandler {
  return async (event, scope) => route(await createTurn(deps, event, scope), event);
}

async function route(turn: Turn, event: InboundEvent): Promise<void> {
  const { t } = turn;

  // 1. What works in any state: invite, parent and link codes, language, help, forget.
  if (event.kind === "command") {
    const argument = event.argument.trim();
    if (event.command === "link") return argument === "" ? offerLinkCode(turn) : linkAccounts(turn, argument);
    if (event.command === "start" && isLinkCode(argument)) return linkAccounts(turn, argument);
    if (event.command === "start" && isParentCode(argument)) return showParentConsent(turn, argument);
    if (event.command === "start" && argument !== "") {
      await redeemInvite(turn, argument);
      return continueJourney(turn);
    }
    if (event.command === "language") return askLanguage(turn);
    if (event.command === "help") return turn.send({ text: t("journey-help") });
    if (event.command === "forget") return confirmForget(turn);
    if (event.command === "mydata") return sendOwnData(turn);
  }
  if (event.kind === "button") {
    const { type, value } = event.action;
    if (type === "lang") return isLocale(value) ? chooseLanguage(turn, value) : staleButton(turn);
    if (type === "pconsent") return giveParentConsent(turn, value ?? "");
    if (type === "forget") return forget(turn, value ?? "");
  }

  // 2. Onboarding answers, each accepted only at its own step.
  const step = nextOnboardingStep(turn.person);
  if (event.kind === "button") {
    const { type, value } = event.action;
    if (type === "consent") {
      if (step !== "consent") return staleButton(turn);
      return answerConsent(turn, value === "yes");
    }
    if (type === "age") {
      if (step !== "age" || (value !== "adult" && value !== "minor")) return staleButton(turn);
      return saveAge(turn, value === "minor");
    }
    if (type === "name") {
      const hinted = event.sender.firstName?.trim();
      return step === "name" && hinted ? saveName(turn, hinted) : staleButton(turn);
    }
  }
  if (step === "language" && event.kind === "text") {
    // Every choice can be typed: a client without keyboards sees the language question without buttons.
    const locale = typedLocale(event.text, turn.deps.translator);
    if (locale) return chooseLanguage(turn, locale);
  }
  if (step === "name" && event.kind === "text") return saveName(turn, event.text);
  if ((step === "consent" || step === "age") && event.kind === "text") {
    // Every choice can be typed too; a reply that names no option gets a hint, then the question.
    const yes = typedChoice(event.text, [
      {
        value: true,
        words: [
          t(step === "consent" ? "journey-consent-agree" : "journey-age-adult"),
          ...t("journey-typed-yes").split(","),
        ],
      },
      {
        value: false,
        words: [
          t(step === "consent" ? "journey-consent-decline" : "journey-age-minor"),
          ...t("journey-typed-no").split(","),
        ],
      },
    ]);
    if (yes === undefined) {
      // The console presses buttons by their letters, so its hint names those.
      const hint = turn.presentation.lettersForButtons
        ? "journey-typed-choice-hint-letters"
        : "journey-typed-choice-hint";
      await turn.send({ text: t(hint) });
      return continueJourney(turn);
    }
    return step === "consent" ? answerConsent(turn, yes) : saveAge(turn, !yes);
  }
  if (step !== "complete") {
    if (event.kind === "button") await turn.send({ text: t("journey-finish-onboarding-first") });
    return continueJourney(turn);
  }

  // 3. A complete profile: forms and commands.
  const { person } = turn;
  if (event.kind === "button") {
    const { type, value } = event.action;
    if (isFormAction(event.action)) {
      const decoded = formActionToInput(event.action);
      if (!decoded) return staleButton(turn);
      const result = await turn.forms.handle({
        personId: person.personId,
        sessionId: decoded.session,
        input: decoded.input,
      });
      return showFormResult(turn, result, event.message);
    }
    if (type === "paper")
      return (await recordPaperConsent(turn, Number(value))) ? undefined : staleButton(turn);
    if (type === "pair")
      return (await handlePairingButton(turn, event.action, event.message)) ? undefined : staleButton(turn);
    if (type === "meet")
      return (await handleMeetingButton(turn, event.action, event.message)) ? undefined : staleButton(turn);
    if (type === "rm") return startStageAction(turn, Number(value));
    if (type === "set") return showSettings(turn, value, event.message);
    if (type === "rmc")
      return (await handleRoadmapButton(turn, event.action, event.message)) ? undefined : staleButton(turn);
    if (type === "exp")
      return (await handleExportButton(turn, event.action, event.message)) ? undefined : staleButton(turn);
    if (type === "digest")
      return (await handleDigestButton(turn, event.action)) ? undefined : staleButton(turn);
    if (type === "menu" && value === "forms") return listForms(turn);
    if (type === "menu" && value === "profile") return showProfile(turn);
    return staleButton(turn);
  }
  if (event.kind === "command") {
    if (isCuratorCommand(event.command) && !(await requireCurator(turn))) return;
    // Curators and municipal coordinators alike: digest-flow checks memberships itself.
    if (event.command === "digest") return showDigestCommand(turn, event.argument);
    if (event.command === "indicators") return indicatorsCommand(turn, event.argument);
    switch (event.command) {
      case "start":
        return continueJourney(turn);
      case "forms":
        return listForms(turn);
      case "profile":
        return showProfile(turn);
      case "consents":
        return listPaperConsents(turn);
      case "pairs":
        return showPairsHub(turn);
      case "export":
        return startExport(turn);
      case "roadmap":
        return showRoadmapHub(turn);
      case "settings":
        return showSettings(turn, typedSettingsChange(turn, event.argument));
      case "meeting":
        return startMeetingLog(turn);
      case "pair":
        return showPairs(turn);
      default:
        return turn.send({ text: t("journey-unknown-command") });
    }
  }
  if (event.kind === "text") {
    // Typed text answers the form the person touched last.
    const result = await turn.forms.handle({
      personId: person.personId,
      input: { type: "text", text: event.text },
    });
    return result ? showFormResult(turn, result) : turn.send({ text: t("journey-nothing-to-answer") });
  }
  // A sticker or a photo: say what we take, then show where the person is.
  await turn.send({ text: t("journey-unsupported") });
  return continueJourney(turn);
}

/** Consent given, or declined: a limited invite's seat goes back, and the invite link brings them back. */
async function answerConsent(turn: Turn, agreed: boolean): Promise<void> {
  if (agreed) return giveOwnConsent(turn);
  await turn.repos.onboarding.releaseDeclinedSeats(turn.db, turn.person.personId);
  return turn.send({ text: turn.t("journey-consent-declined") });
}

/** An old or foreign button: say so, then show where the person really is. */
async function staleButton(turn: Turn): Promise<void> {
  await turn.send({ text: turn.t("journey-stale-button") });
  return continueJourney(turn);
}
