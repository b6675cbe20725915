# Mentee entry questionnaire: young teacher or specialist (mentee_entry_teacher)

form-mentee-entry-teacher-title = Young teacher questionnaire
form-mentee-entry-teacher-intro = Hello! A few questions about your work and the support you need. We'll use your answers to find you a mentor. It takes about five minutes.

form-mentee-entry-teacher-experience-years = How many years have you been teaching?
form-mentee-entry-teacher-experience-years-hint = Full years. If less than one, enter 0.

form-mentee-entry-teacher-subject = What subject or area do you teach?
form-mentee-entry-teacher-subject-hint = For example: maths, primary school, school psychologist.

form-mentee-entry-teacher-needs = What is hardest for you right now?
form-mentee-entry-teacher-needs-hint = Pick up to four.
form-mentee-entry-teacher-needs-lesson-planning = Planning lessons
form-mentee-entry-teacher-needs-discipline = Classroom discipline
form-mentee-entry-teacher-needs-motivation = Motivating pupils
form-mentee-entry-teacher-needs-parents = Working with parents
form-mentee-entry-teacher-needs-assessment = Assessment and grading
form-mentee-entry-teacher-needs-digital = Digital tools
form-mentee-entry-teacher-needs-documentation = Paperwork and reports
form-mentee-entry-teacher-needs-inclusive = Inclusive education
form-mentee-entry-teacher-needs-class-teacher = Being a form tutor
form-mentee-entry-teacher-needs-exams = Preparing pupils for state exams
form-mentee-entry-teacher-needs-adaptation = Settling into the staff
form-mentee-entry-teacher-needs-other = Something else

form-mentee-entry-teacher-needs-details = Tell us briefly what else is difficult.

form-mentee-entry-teacher-goals = What would you like to achieve through mentoring?
form-mentee-entry-teacher-goals-hint = A sentence or two, e.g. "teach year 5 with confidence" or "prepare an open lesson".

form-mentee-entry-teacher-mentor-type = What kind of mentor do you need most?
form-mentee-entry-teacher-mentor-type-subject = A colleague who teaches my subject
form-mentee-entry-teacher-mentor-type-consultant = A consultant on school work in general
form-mentee-entry-teacher-mentor-type-tutor = A tutor for my professional growth
form-mentee-entry-teacher-mentor-type-any = Not sure yet

form-mentee-entry-teacher-group-or-individual = How would you rather work with a mentor?
form-mentee-entry-teacher-format = Where would you rather meet?
form-mentee-entry-teacher-available-days = Which days suit you?
form-mentee-entry-teacher-available-times = What time of day?

form-mentee-entry-teacher-anything-else = Anything else you'd like to add? You can skip this.
