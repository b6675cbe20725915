import type { PersonSnapshot } from "./person-snapshot.js";

/**
 * The onboarding steps, in order. Each is derived from stored rows, never from memory, so a restart
 * or another instance picks up exactly where the person was.
 */
export type OnboardingStep =
  | "language"
  | "age"
  | "consent"
  | "name"
  /** A minor waits here, with limited access, until a legal representative consents. */
  | "parental_consent"
  | "complete";

export function nextOnboardingStep(person: PersonSnapshot): OnboardingStep {
  if (!person.localeChosen) return "language";
  // The age comes first: it decides who consents. Curators and coordinators act for their
  // organisation or municipality as adults.
  const staff = person.curatorOf.length > 0 || person.coordinatorOf.length > 0;
  if (person.isMinor === null && !staff) return "age";
  // An adult consents for themselves; a minor is never asked, their legal representative is.
  if (person.isMinor !== true && !person.personalDataConsent) return "consent";
  // The name comes before the parent's consent: the curator must be able to tell whose paper consent
  // to record.
  if (person.displayName === null) return "name";
  if (person.isMinor === true && !person.parentalConsent) return "parental_consent";
  return "complete";
}

/**
 * Whether the consent this person's participation waits for is in: a legal representative's for a
 * minor, the person's own for anyone else.
 */
export function hasRequiredConsent(person: PersonSnapshot): boolean {
  return person.isMinor === true ? person.parentalConsent : person.personalDataConsent;
}

/** The entry questionnaire a participation asks for: the mentor's, or the mentee's pupil or teacher variant. */
export function entryFormKey(participation: { side: "mentor" | "mentee"; category: string }): string {
  if (participation.side === "mentor") return "mentor_entry";
  return participation.category === "teacher" || participation.category === "young_specialist"
    ? "mentee_entry_teacher"
    : "mentee_entry_pupil";
}
