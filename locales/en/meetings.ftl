# Pair meetings: logged by the mentor, confirmed by mentees, reminders, /pair

command-meeting = Log a meeting with your mentees
command-pair = My pair and meetings

meetings-type-first = getting acquainted
meetings-type-trial = trial
meetings-type-planning = planning
meetings-type-regular = regular
meetings-type-final = final
meetings-format-in-person = in person
meetings-format-online = online
meetings-line = { $day }, { $type }, { $format }, { $minutes } min
meetings-person = { $name }
meetings-pair-names = { $mentor } — { $mentees }

meetings-no-pair = You have no confirmed pair yet. Once the curator confirms the pairs, your meetings will show here.
meetings-mentee-logs-nothing = Your mentor logs the meetings, and the bot asks you to confirm each one. /pair shows the meeting history.
meetings-choose-pair = Whom did you meet?
meetings-pair-label = { $program }: { $mentees }
meetings-log-lead =
    A meeting with { $mentees }. I filled in the usual: { $meeting }.
    Just tick what you talked about and the next meeting's date. You can fix anything else before sending.
meetings-edit-lead = Fix the answers that need it in the summary and send: the meeting will be updated.

meetings-confirm-ask =
    { $mentor } logged a meeting with you: { $meeting }.
    Please confirm it: it takes half a minute.
meetings-button-confirm = Confirm the meeting
meetings-confirm-lead = A meeting with { $mentor }: { $meeting }.
meetings-confirmed-already = You have already answered about this meeting. Thank you!
meetings-withdrawn = The mentor has withdrawn this meeting.

meetings-final-poll =
    The final meeting of the programme "{ $program }" has been logged. Tell us how the mentoring went: the poll takes a few minutes.
meetings-button-final-poll = Take the final poll
meetings-final-poll-done = You have already taken the final poll. Thank you!

meetings-curator-disputed =
    A disagreement in "{ $program }": { $mentee } does not confirm the meeting { $mentor } logged ({ $meeting }): according to the mentee it did not take place.
meetings-curator-flagged =
    { $mentee } asks the curator to look at the meeting with { $mentor } in "{ $program }" ({ $meeting }). The mentor does not see this.
meetings-curator-comment = Comment: { $comment }
meetings-curator-also-flagged = The mentee asks the curator to look into it.

meetings-reminder = Reminder: a meeting with { $partners } on { $day }.
meetings-button-log = Log a meeting
meetings-silent-mentor =
    You have not met { $mentees } for { $days } { $days ->
        [one] day
       *[other] days
    }. Arrange a meeting, and log it here afterwards.
meetings-silent-curator =
    The pair { $mentor } — { $mentees } ("{ $program }") has not met for { $days } { $days ->
        [one] day
       *[other] days
    }, since { $since }. The mentor has been reminded already; the curator's help may be needed.

meetings-change-too-late =
    A meeting can be corrected or deleted only within { $days } { $days ->
        [one] day
       *[other] days
    } of logging it. Write to the curator if needed.
meetings-edit-why = Why does the meeting ({ $meeting }) need correcting?
meetings-delete-why = Why should the meeting ({ $meeting }) be deleted?
meetings-edit-reason-date = Wrong date
meetings-edit-reason-details = Inaccurate answers
meetings-edit-reason-people = Wrong people
meetings-edit-reason-other = Other
meetings-delete-reason-not-held = It did not take place
meetings-delete-reason-duplicate = Logged twice
meetings-delete-reason-wrong-pair = Wrong pair
meetings-delete-reason-other = Other
meetings-deleted = Meeting deleted: { $meeting }.

meetings-pair-mentor = Programme "{ $program }". Your mentees: { $mentees }.
meetings-pair-mentee = Programme "{ $program }". Your mentor: { $mentor }.
meetings-history-empty = No meetings yet.
meetings-history-title = Recent meetings:
meetings-next = Next meeting: { $day }.
meetings-mark-confirmed = ✅ confirmed
meetings-mark-waiting = ⏳ { $confirmed } of { $present } confirmed
meetings-mark-disputed = ❗ { $names }: it did not take place
meetings-mark-absent = you were absent
meetings-mark-you-confirmed = ✅ you confirmed
meetings-mark-you-disputed = ❗ you said it did not take place
meetings-mark-you-waiting = ⏳ waiting for your confirmation
meetings-button-confirm-day = Confirm the meeting of { $day }
meetings-button-edit = Correct the meeting of { $day }
meetings-button-delete = Delete the meeting of { $day }

meetings-curator-title = Pair meetings in "{ $program }" ({ $pairs } pairs):
meetings-curator-page = Page { $page } of { $pages }
meetings-curator-no-pairs = There are no confirmed pairs in "{ $program }" yet.
meetings-curator-none =
    no meetings, pair confirmed { $days } { $days ->
        [one] day
       *[other] days
    } ago
meetings-curator-last =
    last meeting { $meeting } ({ $days ->
        [0] today
        [one] { $days } day ago
       *[other] { $days } days ago
    })
meetings-button-prev = ← Back
meetings-button-next = Next →
