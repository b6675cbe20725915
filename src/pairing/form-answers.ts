import type { Kysely } from "kysely";
import type { SubmittedForm } from "../form-sessions/form-session.service.js";
import type { Database } from "../storage/tables.js";
import { groupMeetingOfSubject, recordPreferences, setCapacity } from "./pairing.repository.js";

/**
 * The rows forming pairs reads, written from submitted forms inside the submitting transaction: a
 * preference poll's ranking becomes preferences, a mentor questionnaire's capacity becomes the
 * mentor's capacity (the curator may change it later).
 */
export async function recordPairingAnswers(form: SubmittedForm, trx: Kysely<Database>): Promise<void> {
  if (form.formKey === "preference_poll") {
    const groupMeetingId = groupMeetingOfSubject(form.subjectKey);
    const ranked = form.answers.preferences;
    if (groupMeetingId === undefined || !Array.isArray(ranked)) return;
    await recordPreferences(trx, {
      groupMeetingId,
      personId: form.personId,
      ranked: ranked.map(Number).filter(Number.isInteger),
    });
    return;
  }
  if (form.formKey === "mentor_entry" && form.programId !== null) {
    const capacity = form.answers.capacity;
    if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 1) return;
    await setCapacity(trx, { programId: form.programId, personId: form.personId, capacity });
  }
}
