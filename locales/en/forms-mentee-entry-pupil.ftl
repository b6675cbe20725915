# Mentee entry questionnaire: pupil or college student (mentee_entry_pupil)

form-mentee-entry-pupil-title = Participant questionnaire
form-mentee-entry-pupil-intro = Hi! Please answer a few questions so we can find the right mentor for you. It takes about five minutes.

form-mentee-entry-pupil-grade = What grade are you in?
form-mentee-entry-pupil-grade-5 = Grade 5
form-mentee-entry-pupil-grade-6 = Grade 6
form-mentee-entry-pupil-grade-7 = Grade 7
form-mentee-entry-pupil-grade-8 = Grade 8
form-mentee-entry-pupil-grade-9 = Grade 9
form-mentee-entry-pupil-grade-10 = Grade 10
form-mentee-entry-pupil-grade-11 = Grade 11
form-mentee-entry-pupil-grade-college = I study at a college

form-mentee-entry-pupil-needs = What would you like help with?
form-mentee-entry-pupil-needs-hint = Pick up to three: the things that matter most to you.
form-mentee-entry-pupil-needs-subjects = Understanding school subjects
form-mentee-entry-pupil-needs-exams = Preparing for exams
form-mentee-entry-pupil-needs-olympiads = Olympiads and contests
form-mentee-entry-pupil-needs-career = Choosing a profession
form-mentee-entry-pupil-needs-projects = Doing a project
form-mentee-entry-pupil-needs-adaptation = Settling into a new class
form-mentee-entry-pupil-needs-communication = Getting along with people
form-mentee-entry-pupil-needs-leadership = Confidence and leadership
form-mentee-entry-pupil-needs-self-organisation = Managing my time
form-mentee-entry-pupil-needs-hobbies = Finding a hobby
form-mentee-entry-pupil-needs-other = Something else

form-mentee-entry-pupil-needs-details = Tell us briefly what else you need help with.

form-mentee-entry-pupil-interests = What are you interested in?
form-mentee-entry-pupil-interests-science = Science
form-mentee-entry-pupil-interests-it = IT and programming
form-mentee-entry-pupil-interests-engineering = Engineering and robotics
form-mentee-entry-pupil-interests-humanities = History, literature, society
form-mentee-entry-pupil-interests-languages = Foreign languages
form-mentee-entry-pupil-interests-arts = Drawing, design, theatre
form-mentee-entry-pupil-interests-music = Music
form-mentee-entry-pupil-interests-sport = Sport
form-mentee-entry-pupil-interests-business = Business and money
form-mentee-entry-pupil-interests-volunteering = Volunteering
form-mentee-entry-pupil-interests-media = Blogs, video, media
form-mentee-entry-pupil-interests-other = Something else

form-mentee-entry-pupil-goals = What would you like to achieve with a mentor?
form-mentee-entry-pupil-goals-hint = A sentence or two in your own words, e.g. "get a B in algebra" or "figure out where to study next".

form-mentee-entry-pupil-mentor-kind = Who would you like as a mentor?
form-mentee-entry-pupil-mentor-kind-older-pupil = An older pupil
form-mentee-entry-pupil-mentor-kind-student = A university or college student
form-mentee-entry-pupil-mentor-kind-teacher = A teacher
form-mentee-entry-pupil-mentor-kind-professional = A professional from a company
form-mentee-entry-pupil-mentor-kind-any = Doesn't matter

form-mentee-entry-pupil-group-or-individual = How would you rather work?
form-mentee-entry-pupil-format = Where would you rather meet?
form-mentee-entry-pupil-available-days = Which days suit you?
form-mentee-entry-pupil-available-times = What time of day?

form-mentee-entry-pupil-anything-else = Anything else you'd like to add? You can skip this.
