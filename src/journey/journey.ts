import type { Kysely } from "kysely";
import type { InboundEvent, InboundHandler } from "../channels/shared/inbound.js";
import type { ChannelMessenger, OutboundButton, OutboundMessage } from "../channels/shared/outbound.js";
import type { Outcome, Prompt } from "../core/forms/types.js";
import type { FormSessionService } from "../form-sessions/form-session.service.js";
import { createAccountLinkRepository } from "../accounts/account-link.repository.js";
import { isLocale, type Locale, type MessageArgs, type Translator } from "../i18n/translator.js";
import { generateInviteCode, normalizeInviteCode } from "../invites/invite-code.js";
import {
  createOnboardingRepository,
  isCuratorOf,
  listPendingParentalConsents,
} from "../onboarding/onboarding.repository.js";
import type { Channel, Database } from "../storage/tables.js";
import { commandMenu } from "./commands.js";
import { formActionToInput, isFormAction } from "./form-actions.js";
import { entryFormKey, nextOnboardingStep } from "./onboarding-step.js";
import { loadPersonSnapshot, type PersonSnapshot } from "./person-snapshot.js";
import { renderFormPrompts } from "./render-form.js";

/** The part of the form-session service the journey uses. */
export type JourneyFormRunner = Pick<FormSessionService, "open" | "handle" | "openSessions" | "hasSubmitted">;

export interface JourneyDependencies {
  db: Kysely<Database>;
  translator: Translator;
  forms: JourneyFormRunner;
  messenger(channel: Channel): ChannelMessenger;
  /** A link that opens the bot with a start code on that channel; undefined where none exists (console). */
  deepLink(channel: Channel, code: string): string | undefined;
  clock(): Date;
  defaultTimeZone: string;
}

/** Version of the consent texts in locales (journey-consent-text, journey-parent-consent-text). Bump with them. */
export const CONSENT_TEXT_VERSION = "pd-2026-11-v1";
/** Parental consent codes are an invite code with a leading P, so one /start parameter serves both. */
const PARENT_CODE_PREFIX = "P";
const PARENT_LINK_DAYS = 30;
/** Account link codes: L and an invite-style code, valid briefly since they join two identities. */
const LINK_CODE_PREFIX = "L";
const LINK_CODE_MINUTES = 30;
const isLinkCode = (value: string) => /^L[0-9A-Z]{12}$/i.test(value.trim());
/** Buttons in one /consents message; a curator with more records these first and asks again. */
const PAPER_CONSENT_PAGE = 20;

/**
 * The participant journey on every channel: onboarding (invite → language → consent → age → parental
 * consent for a minor → name), then the entry questionnaire, the commands, and form answers. It reads
 * the person's state from Postgres on every event, so it keeps nothing in memory between events.
 */
export function createJourney(deps: JourneyDependencies): InboundHandler {
  const onboarding = createOnboardingRepository();
  const accountLinks = createAccountLinkRepository();
  const { db } = deps;

  return async function handle(event: InboundEvent): Promise<void> {
    const messenger = deps.messenger(event.channel);
    let person = await loadPersonSnapshot(db, event.account.personId, deps.defaultTimeZone);
    const locale = event.account.locale;
    const t = (key: string, args?: MessageArgs) => deps.translator.t(locale, key, args);
    const send = async (message: OutboundMessage) => {
      await messenger.send(event.account.chatId, message);
    };
    const sendAll = async (messages: OutboundMessage[]) => {
      for (const message of messages) await send(message);
    };
    const reload = async () => {
      // person.personId, not the event's: after linking accounts the event's person no longer exists.
      person = await loadPersonSnapshot(db, person.personId, deps.defaultTimeZone);
      return person;
    };
    const localeNow = async (): Promise<Locale> => {
      const row = await db
        .selectFrom("person")
        .select("locale")
        .where("id", "=", person.personId)
        .executeTakeFirst();
      return isLocale(row?.locale) ? row.locale : locale;
    };

    // 1. Things that work in any onboarding state: invite and parent links, language, forget.
    if (event.kind === "command" && event.command === "link") {
      return event.argument === "" ? offerLinkCode() : linkAccounts(event.argument);
    }
    if (event.kind === "command" && event.command === "start" && isLinkCode(event.argument)) {
      return linkAccounts(event.argument);
    }
    if (event.kind === "command" && event.command === "start" && event.argument !== "") {
      const argument = event.argument.trim();
      if (argument.toUpperCase().startsWith(PARENT_CODE_PREFIX) && argument.length === 13) {
        await showParentConsent(argument.toUpperCase());
        return;
      }
      await redeem(argument);
      await continueJourney();
      return;
    }
    if (event.kind === "button" && event.action.type === "lang") {
      if (!isLocale(event.action.value)) return staleButton();
      await db
        .updateTable("person")
        .set({ locale: event.action.value })
        .where("id", "=", person.personId)
        .execute();
      await reload();
      const chosen = event.action.value;
      await send({ text: deps.translator.t(chosen, "journey-language-set") });
      return continueJourney(chosen);
    }
    if (event.kind === "button" && event.action.type === "pconsent") {
      return giveParentConsent(event.action.value ?? "");
    }
    if (event.kind === "command" && event.command === "language") return askLanguage();
    if (event.kind === "command" && event.command === "help") return send({ text: t("journey-help") });
    if (event.kind === "command" && event.command === "forget") {
      return send({
        text: t("journey-forget-confirm"),
        buttons: [
          [
            { label: t("journey-forget-yes"), action: { type: "forget", value: "yes" } },
            { label: t("journey-forget-no"), action: { type: "forget", value: "no" } },
          ],
        ],
      });
    }
    if (event.kind === "button" && event.action.type === "forget") {
      if (event.action.value !== "yes") return send({ text: t("journey-forget-cancelled") });
      await forget();
      return send({ text: t("journey-forget-done") });
    }

    // 2. Onboarding answers.
    const step = nextOnboardingStep(person);
    if (event.kind === "button" && event.action.type === "consent") {
      if (step !== "consent") return staleButton();
      if (event.action.value !== "yes") return send({ text: t("journey-consent-declined") });
      await onboarding.recordConsent(db, {
        personId: person.personId,
        kind: "personal_data",
        textVersion: CONSENT_TEXT_VERSION,
        givenBy: "self",
        now: deps.clock(),
      });
      await reload();
      await send({ text: t("journey-consent-thanks") });
      return continueJourney();
    }
    if (event.kind === "button" && event.action.type === "age") {
      if (step !== "age" || (event.action.value !== "adult" && event.action.value !== "minor")) {
        return staleButton();
      }
      await db
        .updateTable("person")
        .set({ is_minor: event.action.value === "minor" })
        .where("id", "=", person.personId)
        .execute();
      await reload();
      return continueJourney();
    }
    if (event.kind === "button" && event.action.type === "name") {
      const hinted = event.sender.firstName?.trim();
      if (step !== "name" || !hinted) return staleButton();
      return saveName(hinted);
    }
    if (step === "name" && event.kind === "text") return saveName(event.text);
    if (step !== "complete") {
      if (event.kind === "button") await send({ text: t("journey-finish-onboarding-first") });
      return continueJourney();
    }

    // 3. A complete profile: forms and commands.
    if (event.kind === "button" && isFormAction(event.action)) {
      const decoded = formActionToInput(event.action);
      if (!decoded) return staleButton();
      const result = await deps.forms.handle({
        personId: person.personId,
        sessionId: decoded.session,
        input: decoded.input,
        timeZone: person.timeZone,
      });
      return showFormResult(
        result,
        event.message && result.outcome === "updated" ? event.message : undefined,
      );
    }
    if (event.kind === "button" && event.action.type === "paper") {
      return recordPaperConsent(Number(event.action.value));
    }
    if (event.kind === "button" && event.action.type === "menu") {
      if (event.action.value === "forms") return listForms();
      if (event.action.value === "profile") return showProfile();
      return staleButton();
    }
    if (event.kind === "button") return staleButton();
    if (event.kind === "command") {
      switch (event.command) {
        case "start":
          return continueJourney();
        case "forms":
          return listForms();
        case "profile":
          return showProfile();
        case "consents":
          return listPaperConsents();
        default:
          return send({ text: t("journey-unknown-command") });
      }
    }
    if (event.kind === "text") {
      // Typed text answers the form the person touched last.
      const result = await deps.forms.handle({
        personId: person.personId,
        input: { type: "text", text: event.text },
        timeZone: person.timeZone,
      });
      if (!result) return send({ text: t("journey-nothing-to-answer") });
      return showFormResult(result);
    }
    // A sticker or a photo: say what we take, then show where the person is.
    await send({ text: t("journey-unsupported") });
    return continueJourney();

    /** An old or foreign button: say so, then show where the person really is. */
    async function staleButton(): Promise<void> {
      await send({ text: t("journey-stale-button") });
      return continueJourney();
    }

    // --- steps -----------------------------------------------------------------------------------

    async function continueJourney(localeOverride?: Locale): Promise<void> {
      const l = localeOverride ?? (await localeNow());
      const tl = (key: string, args?: MessageArgs) => deps.translator.t(l, key, args);
      switch (nextOnboardingStep(person)) {
        case "language":
          return askLanguage();
        case "consent":
          return send({
            text: tl("journey-consent-text"),
            buttons: [
              [{ label: tl("journey-consent-agree"), action: { type: "consent", value: "yes" } }],
              [{ label: tl("journey-consent-decline"), action: { type: "consent", value: "no" } }],
            ],
          });
        case "age":
          return send({
            text: tl("journey-age-question"),
            buttons: [
              [
                { label: tl("journey-age-adult"), action: { type: "age", value: "adult" } },
                { label: tl("journey-age-minor"), action: { type: "age", value: "minor" } },
              ],
            ],
          });
        case "parental_consent":
          return askForParent(tl);
        case "name": {
          const hinted = event.sender.firstName?.trim();
          const buttons: OutboundButton[][] = hinted
            ? [[{ label: tl("journey-name-use-hint", { name: hinted }), action: { type: "name" } }]]
            : [];
          return send({ text: tl("journey-name-question"), ...(buttons.length > 0 && { buttons }) });
        }
        case "complete":
          return offerNextForm(l);
      }
    }

    async function askLanguage(): Promise<void> {
      return send({
        text: `${deps.translator.t("ru", "journey-language-question")}\n${deps.translator.t("en", "journey-language-question")}`,
        buttons: [
          [
            {
              label: deps.translator.t("ru", "journey-language-name"),
              action: { type: "lang", value: "ru" },
            },
            {
              label: deps.translator.t("en", "journey-language-name"),
              action: { type: "lang", value: "en" },
            },
          ],
        ],
      });
    }

    async function redeem(argument: string): Promise<void> {
      const code = normalizeInviteCode(argument);
      const outcome = code
        ? await db.transaction().execute((trx) =>
            onboarding.redeemInvite(trx, {
              code,
              personId: person.personId,
              now: deps.clock(),
              participantStatus: isReady(person) ? "active" : "pending_consent",
            }),
          )
        : ({ kind: "unknown" } as const);
      switch (outcome.kind) {
        case "unknown":
          return send({ text: t("journey-invite-unknown") });
        case "expired":
          return send({ text: t("journey-invite-expired") });
        case "used_up":
          return send({ text: t("journey-invite-used-up") });
        case "joined_program":
        case "already_in_program": {
          await reload();
          const program = person.participations.find((p) => p.participantId === outcome.participantId);
          return send({
            text: t(outcome.kind === "joined_program" ? "journey-invite-joined" : "journey-invite-already", {
              program: program?.programName ?? "",
              side: outcome.side,
            }),
          });
        }
        case "became_curator":
        case "already_curator": {
          await reload();
          await messenger.setCommandMenu?.(
            event.account.chatId,
            commandMenu(deps.translator, await localeNow(), "curator"),
          );
          const organisation = person.curatorOf.find((o) => o.organisationId === outcome.organisationId);
          return send({ text: t("journey-curator-welcome", { organisation: organisation?.name ?? "" }) });
        }
      }
    }

    async function askForParent(tl: (key: string, args?: MessageArgs) => string): Promise<void> {
      const now = deps.clock();
      let request = await db
        .selectFrom("parental_consent_request")
        .select(["code"])
        .where("person_id", "=", person.personId)
        .where("fulfilled_at", "is", null)
        .where("expires_at", ">", now)
        .orderBy("id", "desc")
        .executeTakeFirst();
      if (!request) {
        request = await onboarding.createParentalConsentRequest(db, {
          personId: person.personId,
          code: PARENT_CODE_PREFIX + generateInviteCode(),
          expiresAt: new Date(now.getTime() + PARENT_LINK_DAYS * 86_400_000),
        });
      }
      const link = deps.deepLink(event.channel, request.code) ?? `/start ${request.code}`;
      return send({ text: tl("journey-parent-needed", { link }) });
    }

    async function showParentConsent(code: string): Promise<void> {
      const known = await db
        .selectFrom("parental_consent_request")
        .select(["person_id", "fulfilled_at", "expires_at"])
        .where("code", "=", code)
        .executeTakeFirst();
      if (!known || known.expires_at.getTime() <= deps.clock().getTime()) {
        return send({ text: t("journey-parent-link-invalid") });
      }
      if (known.fulfilled_at) return send({ text: t("journey-parent-link-used") });
      if (known.person_id === person.personId) return send({ text: t("journey-parent-link-self") });
      return send({
        text: t("journey-parent-consent-text"),
        buttons: [[{ label: t("journey-parent-consent-agree"), action: { type: "pconsent", value: code } }]],
      });
    }

    async function giveParentConsent(code: string): Promise<void> {
      const now = deps.clock();
      const result = await db.transaction().execute(async (trx) => {
        const fulfilled = await onboarding.fulfilParentalConsentRequest(trx, {
          code,
          parentPersonId: person.personId,
          now,
        });
        if (fulfilled.kind !== "fulfilled") return fulfilled;
        await onboarding.recordConsent(trx, {
          personId: fulfilled.childPersonId,
          kind: "parental",
          textVersion: CONSENT_TEXT_VERSION,
          givenBy: "parent",
          givenByPersonId: person.personId,
          now,
        });
        return fulfilled;
      });
      switch (result.kind) {
        case "fulfilled":
          await send({ text: t("journey-parent-consent-thanks") });
          return notifyChild(result.childPersonId);
        case "used":
          return send({ text: t("journey-parent-link-used") });
        case "self":
          return send({ text: t("journey-parent-link-self") });
        default:
          return send({ text: t("journey-parent-link-invalid") });
      }
    }

    async function notifyChild(childPersonId: number): Promise<void> {
      const accounts = await db
        .selectFrom("channel_account")
        .innerJoin("person", "person.id", "channel_account.person_id")
        .select(["channel_account.channel", "channel_account.chat_id", "person.locale"])
        .where("channel_account.person_id", "=", childPersonId)
        .where("channel_account.blocked_at", "is", null)
        .execute();
      for (const account of accounts) {
        const childLocale: Locale = isLocale(account.locale) ? account.locale : "ru";
        await deps.messenger(account.channel).send(account.chat_id, {
          text: deps.translator.t(childLocale, "journey-parent-consented"),
          buttons: [
            [
              {
                label: deps.translator.t(childLocale, "journey-continue"),
                action: { type: "menu", value: "forms" },
              },
            ],
          ],
        });
      }
    }

    async function saveName(raw: string): Promise<void> {
      const name = raw.replace(/\s+/g, " ").trim();
      if (name.length < 1 || name.length > 60 || /[<>{}\\/@#$%^*=+|~`]/.test(name) || /^\d+$/.test(name)) {
        return send({ text: t("journey-name-invalid") });
      }
      await db.updateTable("person").set({ display_name: name }).where("id", "=", person.personId).execute();
      await reload();
      await send({ text: t("journey-name-saved", { name }) });
      return continueJourney();
    }

    async function offerNextForm(l: Locale): Promise<void> {
      await onboarding.activateParticipants(db, person.personId);
      const [open] = await deps.forms.openSessions(person.personId);
      if (open) {
        const resumed = await deps.forms.open({
          personId: person.personId,
          formKey: open.formKey,
          programId: open.programId,
          subjectKey: open.subjectKey,
          timeZone: person.timeZone,
        });
        return sendAll(
          renderFormPrompts(resumed.prompts, {
            session: resumed.sessionId,
            locale: l,
            translator: deps.translator,
          }),
        );
      }
      for (const participation of person.participations) {
        if (participation.status === "left") continue;
        const formKey = entryFormKey(participation);
        if (await deps.forms.hasSubmitted(person.personId, formKey, participation.programId)) continue;
        const started = await deps.forms.open({
          personId: person.personId,
          formKey,
          programId: participation.programId,
          timeZone: person.timeZone,
        });
        return sendAll(
          renderFormPrompts(started.prompts, {
            session: started.sessionId,
            locale: l,
            translator: deps.translator,
          }),
        );
      }
      if (person.participations.length === 0 && person.curatorOf.length === 0) {
        return send({ text: deps.translator.t(l, "journey-welcome-no-invite") });
      }
      return send({ text: deps.translator.t(l, "journey-all-done") });
    }

    async function showFormResult(
      result: { sessionId: number; prompts: Prompt[]; outcome: Outcome },
      editInPlace?: { chatId: string; messageId: string },
    ): Promise<void> {
      const l = await localeNow();
      const messages = renderFormPrompts(result.prompts, {
        session: result.sessionId,
        locale: l,
        translator: deps.translator,
      });
      // A stale button gets the engine's notice and the step the person is really at, never a change.
      if (messages.length === 0) return send({ text: deps.translator.t(l, "journey-stale-button") });
      // A toggle or a page turn redraws the same question: edit it in place instead of adding messages.
      const [only] = messages;
      if (editInPlace && messages.length === 1 && only) {
        const edited = await messenger.edit(editInPlace, only);
        if (edited.ok) return;
      }
      await sendAll(messages);
      if (result.outcome === "submitted") {
        await reload();
        await offerNextForm(l);
      }
    }

    async function listForms(): Promise<void> {
      const open = await deps.forms.openSessions(person.personId);
      const pending: string[] = [];
      for (const participation of person.participations) {
        const formKey = entryFormKey(participation);
        if (!(await deps.forms.hasSubmitted(person.personId, formKey, participation.programId))) {
          pending.push(formKey);
        }
      }
      const keys = [...new Set([...open.map((o) => o.formKey), ...pending])];
      if (keys.length === 0) return send({ text: t("journey-forms-none") });
      const lines = keys.map((key) => `• ${t(`form-${key.replaceAll("_", "-")}-title`)}`);
      await send({ text: `${t("journey-forms-list")}\n${lines.join("\n")}` });
      return offerNextForm(locale);
    }

    async function listPaperConsents(): Promise<void> {
      if (person.curatorOf.length === 0) return send({ text: t("journey-curators-only") });
      const pending = await listPendingParentalConsents(db, person.personId, PAPER_CONSENT_PAGE);
      if (pending.length === 0) return send({ text: t("journey-paper-none") });
      return send({
        text: t("journey-paper-list"),
        buttons: pending.map((p) => [
          {
            label: t("journey-paper-button", {
              name: p.displayName ?? `#${p.personId}`,
              program: p.programName,
            }),
            action: { type: "paper", value: String(p.personId) },
          },
        ]),
      });
    }

    async function recordPaperConsent(childPersonId: number): Promise<void> {
      if (!Number.isInteger(childPersonId) || !(await isCuratorOf(db, person.personId, childPersonId))) {
        return staleButton();
      }
      const child = await loadPersonSnapshot(db, childPersonId, deps.defaultTimeZone);
      if (child.parentalConsent) return send({ text: t("journey-paper-already") });
      await onboarding.recordConsent(db, {
        personId: childPersonId,
        kind: "parental",
        textVersion: CONSENT_TEXT_VERSION,
        givenBy: "curator",
        givenByPersonId: person.personId,
        now: deps.clock(),
      });
      await send({ text: t("journey-paper-recorded", { name: child.displayName ?? `#${childPersonId}` }) });
      return notifyChild(childPersonId);
    }

    async function offerLinkCode(): Promise<void> {
      const code = LINK_CODE_PREFIX + generateInviteCode();
      await accountLinks.createCode(db, {
        personId: person.personId,
        code,
        expiresAt: new Date(deps.clock().getTime() + LINK_CODE_MINUTES * 60_000),
      });
      const links = (["telegram", "vk"] as const)
        .filter((channel) => channel !== event.channel)
        .map((channel) => deps.deepLink(channel, code))
        .filter((link): link is string => link !== undefined);
      return send({
        text: [t("journey-link-code", { code, minutes: LINK_CODE_MINUTES }), ...links].join("\n"),
      });
    }

    async function linkAccounts(raw: string): Promise<void> {
      const code = raw.trim().toUpperCase();
      const outcome = isLinkCode(code)
        ? await accountLinks.link(db, { code, personId: person.personId, now: deps.clock() })
        : ({ kind: "unknown" } as const);
      if (outcome.kind !== "linked") return send({ text: t(`journey-link-${outcome.kind}`) });
      person = await loadPersonSnapshot(db, outcome.personId, deps.defaultTimeZone);
      const l = await localeNow();
      await send({ text: deps.translator.t(l, "journey-link-done") });
      return continueJourney(l);
    }

    async function showProfile(): Promise<void> {
      const programs = person.participations.map((p) =>
        t("journey-profile-program", { program: p.programName, side: p.side, status: p.status }),
      );
      const curator = person.curatorOf.map((o) => t("journey-profile-curator", { organisation: o.name }));
      return send({
        text: [
          t("journey-profile", { name: person.displayName ?? "—", language: t("journey-language-name") }),
          ...programs,
          ...curator,
        ].join("\n"),
      });
    }

    async function forget(): Promise<void> {
      const personId = person.personId;
      await db.transaction().execute(async (trx) => {
        // References that must outlive the person (a meeting a mentor logged, a pair a curator confirmed)
        // lose the name, not the record.
        await trx
          .updateTable("meeting")
          .set({ logged_by_person_id: null })
          .where("logged_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("pair")
          .set({ confirmed_by_person_id: null })
          .where("confirmed_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("consent")
          .set({ given_by_person_id: null })
          .where("given_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("meeting")
          .set({ form_session_id: null })
          .where(
            "form_session_id",
            "in",
            trx.selectFrom("form_session").select("id").where("person_id", "=", personId),
          )
          .execute();
        await trx.deleteFrom("person").where("id", "=", personId).execute();
      });
    }
  };
}

function isReady(person: PersonSnapshot): boolean {
  return nextOnboardingStep(person) === "complete";
}
