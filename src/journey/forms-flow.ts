import type { MessageRef } from "../core/messages.js";
import type { AnsweredQuestion, Outcome, Prompt } from "../core/forms/types.js";
import type { Locale } from "../i18n/translator.js";
import { owedStageForms } from "../roadmap/roadmap.repository.js";
import { entryFormKey } from "./onboarding-step.js";
import { renderAnsweredQuestion, renderFormPrompts } from "./render-form.js";
import type { Turn } from "./turn.js";

/**
 * What a person with a complete profile sees next: the form they left unfinished, else the first
 * entry questionnaire they owe, else the first form an open roadmap stage asks of them, else a word
 * that nothing is waiting.
 */
export async function offerNextForm(turn: Turn, locale: Locale): Promise<void> {
  const { deps, person } = turn;
  await turn.repos.onboarding.activateParticipants(turn.db, person.personId);
  const render = (result: { sessionId: number; prompts: Prompt[] }) =>
    turn.sendAll(
      renderFormPrompts(result.prompts, {
        session: result.sessionId,
        locale,
        translator: deps.translator,
        presentation: turn.presentation,
      }),
    );
  const [open] = await turn.forms.openSessions(person.personId);
  if (open) {
    return render(
      await turn.forms.open({
        personId: person.personId,
        formKey: open.formKey,
        programId: open.programId,
        subjectKey: open.subjectKey,
      }),
    );
  }
  for (const participation of person.participations) {
    if (participation.status === "left") continue;
    const formKey = entryFormKey(participation);
    if (await turn.forms.hasSubmitted(person.personId, formKey, participation.programId)) continue;
    return render(
      await turn.forms.open({
        personId: person.personId,
        formKey,
        programId: participation.programId,
      }),
    );
  }
  for (const owed of await owedStageForms(turn.db, person.personId, deps.clock())) {
    if (await turn.forms.hasSubmitted(person.personId, owed.formKey, owed.programId, owed.subjectKey))
      continue;
    return render(
      await turn.forms.open({
        personId: person.personId,
        formKey: owed.formKey,
        programId: owed.programId,
        ...(owed.subjectKey && { subjectKey: owed.subjectKey }),
      }),
    );
  }
  if (person.participations.length === 0 && person.curatorOf.length === 0) {
    return turn.send({ text: deps.translator.t(locale, "journey-welcome-no-invite") });
  }
  return turn.send({ text: deps.translator.t(locale, "journey-all-done") });
}

/**
 * Shows what the engine answered. `pressed` is the message whose button brought the input. A toggle
 * or a page turn redraws the same question, so it replaces that message; an answer turns that message
 * into a record of the question and its answer, without buttons, and the next step comes as a new
 * message; a submitted form moves on to the next one.
 */
export async function showFormResult(
  turn: Turn,
  result: { sessionId: number; prompts: Prompt[]; outcome: Outcome; answered?: AnsweredQuestion },
  pressed?: MessageRef,
): Promise<void> {
  const locale = await turn.locale();
  const messages = renderFormPrompts(result.prompts, {
    session: result.sessionId,
    locale,
    translator: turn.deps.translator,
    presentation: turn.presentation,
  });
  if (messages.length === 0)
    return turn.send({ text: turn.deps.translator.t(locale, "journey-stale-button") });
  const [only] = messages;
  if (pressed && result.outcome === "updated" && messages.length === 1 && only) {
    turn.edit(pressed, only);
    return;
  }
  if (pressed && result.outcome === "accepted" && result.answered) {
    turn.edit(pressed, renderAnsweredQuestion(result.answered, { locale, translator: turn.deps.translator }));
  }
  await turn.sendAll(messages);
  if (result.outcome === "submitted") {
    await turn.reload();
    await offerNextForm(turn, locale);
  }
}

/** /forms: the questionnaires waiting for the person, then the first of them. */
export async function listForms(turn: Turn): Promise<void> {
  const { person, t } = turn;
  const open = await turn.forms.openSessions(person.personId);
  const pending: string[] = [];
  for (const participation of person.participations) {
    const formKey = entryFormKey(participation);
    if (!(await turn.forms.hasSubmitted(person.personId, formKey, participation.programId)))
      pending.push(formKey);
  }
  for (const owed of await owedStageForms(turn.db, person.personId, turn.deps.clock())) {
    if (!(await turn.forms.hasSubmitted(person.personId, owed.formKey, owed.programId, owed.subjectKey)))
      pending.push(owed.formKey);
  }
  const keys = [...new Set([...open.map((o) => o.formKey), ...pending])];
  if (keys.length === 0) return turn.send({ text: t("journey-forms-none") });
  const lines = keys.map((key) => `• ${t(`form-${key.replaceAll("_", "-")}-title`)}`);
  await turn.send({ text: `${t("journey-forms-list")}\n${lines.join("\n")}` });
  return offerNextForm(turn, turn.event.account.locale);
}
