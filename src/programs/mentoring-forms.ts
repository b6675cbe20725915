import type { Category, Side } from "../storage/tables.js";

/** The mentoring forms of the methodology (DESIGN.md, "Words"), mentor first; the schema checks the same list. */
export const MENTORING_FORMS = [
  "pupil_pupil",
  "student_student",
  "student_pupil",
  "teacher_teacher",
  "teacher_pupil",
  "lecturer_student",
  "employer_pupil",
  "employer_student",
  "principal_teacher",
  "parent_pupil",
] as const;
export type MentoringForm = (typeof MENTORING_FORMS)[number];

export const CATEGORIES = [
  "pupil",
  "student",
  "teacher",
  "young_specialist",
  "employer",
  "parent",
] as const satisfies readonly Category[];

export const SIDES = ["mentor", "mentee"] as const satisfies readonly Side[];

/**
 * Who stands on each side of a form. A null means the form leaves it open (a teacher_teacher mentee may
 * be an experienced teacher or a young specialist), so the person is asked during onboarding instead.
 */
const SIDE_CATEGORIES: Record<MentoringForm, Record<Side, Category | null>> = {
  pupil_pupil: { mentor: "pupil", mentee: "pupil" },
  student_student: { mentor: "student", mentee: "student" },
  student_pupil: { mentor: "student", mentee: "pupil" },
  teacher_teacher: { mentor: "teacher", mentee: null },
  teacher_pupil: { mentor: "teacher", mentee: "pupil" },
  lecturer_student: { mentor: "teacher", mentee: "student" },
  employer_pupil: { mentor: "employer", mentee: "pupil" },
  employer_student: { mentor: "employer", mentee: "student" },
  principal_teacher: { mentor: "teacher", mentee: "teacher" },
  parent_pupil: { mentor: "parent", mentee: "pupil" },
};

export function isMentoringForm(value: string): value is MentoringForm {
  return (MENTORING_FORMS as readonly string[]).includes(value);
}

export function defaultCategory(form: string, side: Side): Category | null {
  return isMentoringForm(form) ? SIDE_CATEGORIES[form][side] : null;
}
