# Mentor questionnaire (mentor_entry)

form-mentor-entry-title = Mentor questionnaire
form-mentor-entry-intro = Hello! Thank you for volunteering as a mentor. Tell us a little about yourself and we'll match you with mentees. It takes about five minutes.

form-mentor-entry-category = Who are you?
form-mentor-entry-category-pupil = A school pupil
form-mentor-entry-category-student = A student
form-mentor-entry-category-teacher = A teacher
form-mentor-entry-category-employer = From a company
form-mentor-entry-category-parent = A parent
form-mentor-entry-category-other = Other

form-mentor-entry-grade = What grade are you in?
form-mentor-entry-grade-7 = Grade 7
form-mentor-entry-grade-8 = Grade 8
form-mentor-entry-grade-9 = Grade 9
form-mentor-entry-grade-10 = Grade 10
form-mentor-entry-grade-11 = Grade 11

form-mentor-entry-study-year = What year of study are you in?

form-mentor-entry-experience-years = How many years have you been working?
form-mentor-entry-experience-years-hint = Teachers: years of teaching; everyone else: years in your profession. Full years.

form-mentor-entry-subject = What subject or area do you teach?

form-mentor-entry-occupation = What do you do?
form-mentor-entry-occupation-hint = Your field of study, profession or line of work. For example: process engineer, programmer, nurse.

form-mentor-entry-strengths = What are you best at?
form-mentor-entry-strengths-hint = Pick up to three.
form-mentor-entry-strengths-explaining = Explaining things clearly
form-mentor-entry-strengths-listening = Listening and supporting
form-mentor-entry-strengths-motivating = Inspiring and motivating
form-mentor-entry-strengths-organising = Getting things organised
form-mentor-entry-strengths-leadership = Leading others
form-mentor-entry-strengths-creativity = Coming up with new ideas
form-mentor-entry-strengths-critical-thinking = Analysing and reasoning
form-mentor-entry-strengths-expertise = Deep knowledge of my field

form-mentor-entry-can-offer = What can you help with?
form-mentor-entry-can-offer-hint = Tick everything you can take on.
form-mentor-entry-can-offer-subjects = School subjects
form-mentor-entry-can-offer-exams = Preparing for state exams
form-mentor-entry-can-offer-olympiads = Olympiads and contests
form-mentor-entry-can-offer-career = Choosing a profession
form-mentor-entry-can-offer-projects = Project work
form-mentor-entry-can-offer-adaptation = Settling into a new place
form-mentor-entry-can-offer-communication = Communication and relationships
form-mentor-entry-can-offer-leadership = Leadership skills
form-mentor-entry-can-offer-self-organisation = Self-organisation
form-mentor-entry-can-offer-hobbies = Finding a hobby
form-mentor-entry-can-offer-workplace-visits = Showing what work at a company is like
form-mentor-entry-can-offer-lesson-planning = Lesson planning
form-mentor-entry-can-offer-discipline = Classroom discipline
form-mentor-entry-can-offer-motivation = Motivating pupils
form-mentor-entry-can-offer-parents = Working with parents
form-mentor-entry-can-offer-assessment = Assessment and grading
form-mentor-entry-can-offer-digital = Digital tools
form-mentor-entry-can-offer-documentation = Paperwork and reports
form-mentor-entry-can-offer-inclusive = Inclusive education
form-mentor-entry-can-offer-class-teacher = Being a form tutor

form-mentor-entry-capacity = How many mentees can you take on at once?
form-mentor-entry-capacity-hint = From 1 to 10. One means one-to-one mentoring; more means a group.

form-mentor-entry-format = Where would you rather meet?
form-mentor-entry-available-days = Which days suit you?
form-mentor-entry-available-times = What time of day?

form-mentor-entry-motivation = Why did you decide to become a mentor? You can skip this.
