# Meeting check-in, filled in by the mentor (meeting_checkin)

form-meeting-checkin-title = Meeting check-in

form-meeting-checkin-meeting-type = What kind of meeting was it?
form-meeting-checkin-meeting-type-hint = In programme order: getting to know each other, trial, planning, regular work, final.
form-meeting-checkin-meeting-type-first = First, getting acquainted
form-meeting-checkin-meeting-type-trial = Trial
form-meeting-checkin-meeting-type-planning = Planning
form-meeting-checkin-meeting-type-regular = Regular
form-meeting-checkin-meeting-type-final = Final

form-meeting-checkin-held-on = When did you meet?

form-meeting-checkin-format = How did you meet?
form-meeting-checkin-format-in-person = In person
form-meeting-checkin-format-online = Online

form-meeting-checkin-length-minutes = How many minutes did the meeting last?

form-meeting-checkin-attendance = Which of your mentees came?
form-meeting-checkin-attendance-hint = Mark everyone who came, in any order.

form-meeting-checkin-topics = What did you talk about and do?
form-meeting-checkin-topics-hint = Briefly, a sentence or two.

form-meeting-checkin-next-on = When is the next meeting? Skip if you haven't agreed yet.

form-meeting-checkin-attendance-who = Mark everyone who came.

form-meeting-checkin-topics-choose = Tick one or more.
form-meeting-checkin-topics-study = Studies, subjects
form-meeting-checkin-topics-goals = Goals and plan
form-meeting-checkin-topics-project = Project
form-meeting-checkin-topics-career = Career, the future
form-meeting-checkin-topics-skills = Skills
form-meeting-checkin-topics-wellbeing = Wellbeing, relationships
form-meeting-checkin-topics-other = Other

form-meeting-checkin-topics-note = Anything to add about the meeting? You can skip this.
