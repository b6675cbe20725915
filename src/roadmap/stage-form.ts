/** The form a participant owes for a stage: "entry" and "final_satisfaction" depend on who they are. */
export function resolveStageForm(
  formKey: string,
  participation: { side: "mentor" | "mentee"; category: string },
): string {
  if (formKey === "entry") {
    if (participation.side === "mentor") return "mentor_entry";
    return participation.category === "teacher" || participation.category === "young_specialist"
      ? "mentee_entry_teacher"
      : "mentee_entry_pupil";
  }
  if (formKey === "final_satisfaction") return `final_satisfaction_${participation.side}`;
  return formKey;
}
