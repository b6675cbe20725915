# A programme's roadmap: stage titles of the templates, reminders, /roadmap and /settings.

## Stage titles of the built-in templates (school: 34 steps, college: 10 steps, seven stages)
roadmap-stage-school-inform-teachers = Informing teachers about the mentoring programme
roadmap-stage-school-inform-parents = Informing parents about the programme
roadmap-stage-school-meet-alumni = Meeting alumni and partner organisations
roadmap-stage-school-meet-students = Meeting pupils about the programme
roadmap-stage-school-mentee-questionnaire = Mentee questionnaire
roadmap-stage-school-mentee-requests = Mentees' needs and parents' consents
roadmap-stage-school-mentee-base = Building the mentee base
roadmap-stage-school-choose-form = Choosing the form of mentoring
roadmap-stage-school-mentee-evaluation = Entry evaluation of mentees
roadmap-stage-school-mentor-questionnaire = Mentor questionnaire
roadmap-stage-school-mentor-base = Building the mentor base
roadmap-stage-school-mentor-evaluation = Entry evaluation of mentors
roadmap-stage-school-mentor-interviews = Interviews with mentors
roadmap-stage-school-trainers = Finding trainers and materials for mentor training
roadmap-stage-school-mentor-training = Mentor training
roadmap-stage-school-group-meeting = Group meeting of mentors and mentees
roadmap-stage-school-preference-poll = Preference poll after the group meeting
roadmap-stage-school-matching = Forming pairs and groups
roadmap-stage-school-pairs-announced = Announcing and confirming the pairs
roadmap-stage-school-first-meeting = First, organisational meeting
roadmap-stage-school-trial-meeting = Second, trial working meeting
roadmap-stage-school-planning-meeting = Planning meeting
roadmap-stage-school-regular-meetings = Regular meetings
roadmap-stage-school-interim-feedback = Collecting feedback
roadmap-stage-school-final-meeting = Final meeting
roadmap-stage-school-final-group-meeting = Closing group meeting of all pairs and groups
roadmap-stage-school-satisfaction = Satisfaction monitoring
roadmap-stage-school-ceremony-invitations = Invitations to the closing event
roadmap-stage-school-ceremony = Closing event and mentor awards
roadmap-stage-school-quality-monitoring = Monitoring the quality of the programme
roadmap-stage-school-exit-evaluation = Exit evaluation of participants
roadmap-stage-school-cases = Writing up the results as cases
roadmap-stage-school-publication = Publishing the programme's results
roadmap-stage-school-base-update = Recording the results in the mentor and mentee bases
roadmap-stage-college-inform-teachers = Informing teachers about the mentoring programme
roadmap-stage-college-meet-students = Meeting students about the programme
roadmap-stage-college-entry-questionnaire = Entry questionnaire
roadmap-stage-college-requests-consents = Mentees' needs and consents
roadmap-stage-college-bases = Building the mentee and mentor bases
roadmap-stage-college-choose-form = Choosing the forms of mentoring
roadmap-stage-college-navigator-meetings = Navigator's meetings with mentors from employers
roadmap-stage-college-final-questionnaire = Final questionnaire
roadmap-stage-college-reporting = Reporting and updating the bases
roadmap-stage-college-publication = Publishing the results and the best mentors
roadmap-stage-seven-stages-preparation = Preparing to launch the programme
roadmap-stage-seven-stages-mentee-base = Building the mentee base
roadmap-stage-seven-stages-mentor-base = Building the mentor base
roadmap-stage-seven-stages-mentor-training = Selecting and training mentors
roadmap-stage-seven-stages-matching = Forming mentoring pairs and groups
roadmap-stage-seven-stages-mentoring = Mentoring pairs and groups at work
roadmap-stage-seven-stages-completion = Completing the mentoring

## Reminders
roadmap-open = “{ $program }”: stage “{ $stage }” (until { $closes }).
roadmap-open-form = Please fill in the questionnaire: the button is below (or /forms).
roadmap-open-meeting = Time to hold a meeting: { $meeting }. Log it afterwards with the button below or /meeting.
roadmap-button-meeting = Log the meeting
roadmap-open-information = This is for your information; nothing to do.
roadmap-nudge = Reminder { $attempt } of { $limit }.
roadmap-mute-hint = Repeated reminders can be turned off: /settings
roadmap-button-form = Fill in the questionnaire
roadmap-curator-task = “{ $program }”, curator's task: “{ $stage }” (until { $closes }).
roadmap-curator-consents = Waiting for consent to data processing: { $count }. Paper consents: /consents
roadmap-curator-pairs = Pairs waiting for confirmation: { $count }. Open: /pairs
roadmap-closing = “{ $program }”: stage “{ $stage }” closes on { $closes }, and not everyone has done it: { $left } of { $total } left.
roadmap-meeting-first = the first, organisational one
roadmap-meeting-trial = the trial working meeting
roadmap-meeting-planning = the planning meeting
roadmap-meeting-regular = a regular meeting
roadmap-meeting-final = the final meeting

## The stage button
roadmap-form-done = This questionnaire is already filled in, thank you!
roadmap-stage-gone = This stage no longer waits for anything from you.

## /settings
command-settings = Reminder settings
roadmap-settings-on = Reminders are on: when a programme stage needs you, the bot writes and, if needed, reminds you again; the day before a meeting with your pair, it reminds you of it.
roadmap-settings-off = Repeated reminders and reminders the day before meetings are off. Messages about stages opening that need you still come.
roadmap-settings-mute = Turn off repeated reminders
roadmap-settings-unmute = Turn reminders on
roadmap-settings-typed = Without buttons: /settings off to turn them off, /settings on to turn them on.
roadmap-typed-off = off,mute,no
roadmap-typed-on = on,unmute,yes

## /roadmap for curators
command-roadmap = The programme's roadmap and its dates
roadmap-view-no-programs = Your organisation has no programmes yet.
roadmap-view-pick-program = The roadmap of which programme?
roadmap-view-empty = Programme “{ $program }” has no roadmap.
roadmap-view-header = Roadmap of “{ $program }” (today is { $today }):
roadmap-view-line = { $state ->
    [open] ▶
    [done] ✓
   *[later] ·
} { $position }. { $title }: { $opens } — { $closes } · { $audience }
roadmap-view-settings = Quiet hours { $quiet }; repeated reminders every { $after } d, at most { $limit } times; holidays: { $holidays ->
    [none] none set
   *[other] { $holidays }
}. Change them with set-reminders on the command line.
roadmap-audience-all = all participants
roadmap-audience-mentors = mentors
roadmap-audience-mentees = mentees
roadmap-audience-curators = curator
roadmap-view-move = Move a stage
roadmap-view-pick-stage = Which stage to move?
roadmap-view-more = More
roadmap-view-stage = “{ $title }”: { $opens } — { $closes }. Move it by how much?
roadmap-shift-earlier = ← { $days } d earlier
roadmap-shift-later = { $days } d later →
roadmap-extend = Extend by { $days } d
roadmap-moved = Stage “{ $title }” now runs { $opens } — { $closes }. Reminders follow the new dates.
roadmap-back = Back to the roadmap

## Command line
cli-command-show-roadmap = show a programme's roadmap: stages with dates, quiet hours, reminder rhythm, holidays
cli-command-move-stage = move a roadmap stage to other dates (reminders are recomputed)
cli-command-set-reminders = set a programme's quiet hours, reminder rhythm and school holidays
cli-help-roadmap-program = programme id
cli-help-move-stage-stage = the stage's key as show-roadmap prints it (e.g. mentee_questionnaire)
cli-help-move-stage-opens = the stage's new first day
cli-help-move-stage-closes = the stage's new last day; by default the stage keeps its length
cli-help-set-reminders-quiet = quiet hours on the local clock, e.g. 21:00-09:00
cli-help-set-reminders-nudge-after = after how many days those who have not acted are reminded
cli-help-set-reminders-nudge-limit = at most how many reminders (0: none after the first message)
cli-help-set-reminders-holidays = holidays when pupils are not messaged: 2026-10-26..2026-11-03,2026-12-29..2027-01-11; none for no holidays
cli-help-create-program-roadmap = roadmap template: school (34 steps), college (10 steps), seven_stages (7 stages) or none; by default by the organisation's kind
cli-help-create-program-roadmap-file = your own roadmap template: a YAML or JSON file (see docs/roadmaps.md)
cli-program-roadmap = Roadmap: { $template }, { $stages } stages. See it: npm run cli -- show-roadmap --program { $id }
cli-roadmap-header = Roadmap of programme “{ $program }” (id { $id }), template: { $template }.
cli-roadmap-settings = Quiet hours { $quiet }; repeated reminders every { $after } d, at most { $limit } times.
cli-roadmap-holidays = Holidays: { $holidays ->
    [none] none set
   *[other] { $holidays }
}.
cli-roadmap-none = No stages.
cli-roadmap-stage = { $position }. { $key }: { $opens } — { $closes } · { $audience } · { $action } · { $title }
cli-stage-moved = Stage “{ $title }” moved: { $opens } — { $closes }. Reminders are recomputed at the clock's next tick.
cli-reminders-set = Reminder settings of programme “{ $program }” saved.
roadmap-error-unknown-program = there is no programme with id { $id }
roadmap-error-unknown-stage = the roadmap of “{ $program }” has no stage { $stage }
roadmap-error-closes-before-opens = the last day { $closes } comes before the first day { $opens }
roadmap-error-quiet = quiet hours are written as 21:00-09:00, not “{ $value }”
roadmap-error-holidays = holidays are written as 2026-10-26..2026-11-03, separated by commas (or none), not “{ $value }”
roadmap-error-template-file = the roadmap template has problems:
    { $problems }
roadmap-error-two-templates = give either --roadmap or --roadmap-file
roadmap-error-nothing-to-set = say what to change: --quiet, --nudge-after, --nudge-limit or --holidays
