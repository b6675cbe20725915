import type { PersonSnapshot } from "./person-snapshot.js";

/**
 * The onboarding steps, in order. Each is derived from stored rows, never from memory, so a restart
 * or another instance picks up exactly where the person was.
 */
export type OnboardingStep =
  | "language"
  | "consent"
  | "age"
  | "name"
  /** A minor waits here, with limited access, until a legal representative consents. */
  | "parental_consent"
  | "complete";

export function nextOnboardingStep(person: PersonSnapshot): OnboardingStep {
  if (!person.localeChosen) return "language";
  if (!person.personalDataConsent) return "consent";
  // Curators act for their organisation as adults; everybody else says whether they are 18 yet.
  if (person.isMinor === null && person.curatorOf.length === 0) return "age";
  // The name comes before the parent's consent: the curator must be able to tell whose paper consent
  // to record, and the minor has already agreed to their own data being processed.
  if (person.displayName === null) return "name";
  if (person.isMinor === true && !person.parentalConsent) return "parental_consent";
  return "complete";
}

/** The entry questionnaire a participation asks for: the mentor's, or the mentee's pupil or teacher variant. */
export function entryFormKey(participation: { side: "mentor" | "mentee"; category: string }): string {
  if (participation.side === "mentor") return "mentor_entry";
  return participation.category === "teacher" || participation.category === "young_specialist"
    ? "mentee_entry_teacher"
    : "mentee_entry_pupil";
}
