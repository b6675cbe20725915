## Forming pairs: group meeting, preference poll, matching, confirmation

pairing-curators-only = This command is for programme curators. If you are a curator, join with a curator invite.
pairing-not-yours = This programme does not belong to your organisation, so nothing has changed.
pairing-no-programs = Your organisations have no programmes yet. Create one (npm run cli -- add-program) and come back.
pairing-choose-program = Choose a programme:
pairing-unnamed = Participant no. { $id }
pairing-side-mentor = mentor
pairing-side-mentee = mentee

pairing-panel =
    Programme “{ $program }”
    Active participants: { $mentors } mentors, { $mentees } mentees.
pairing-panel-no-meeting = No group meeting yet.
pairing-panel-draft = Group meeting on { $day }: you are marking who was there; the poll has not been sent.
pairing-panel-poll-open = Poll after the meeting on { $day }: { $answered } of { $present } answered; it closes { $closes }.
pairing-panel-poll-closed = The poll after the meeting on { $day } is closed.
pairing-panel-pairs = Pairs confirmed: { $confirmed }. In the proposal: { $proposed }. Mentees without a pair: { $unpaired }.

pairing-button-meeting = 👥 Group meeting
pairing-button-meeting-continue = 👥 Continue marking
pairing-button-close = 🔒 Close the poll and match
pairing-button-proposal = 📋 Proposed pairs
pairing-button-manual = ✋ Make pairs by hand
pairing-button-end = ⛔ End or change a pair
pairing-button-export = 📄 Export pairs
pairing-button-back = ← Back
pairing-button-prev = ◀
pairing-button-next = ▶

pairing-attendance =
    Group meeting, { $day }.
    Mark who was there: ✅ present, ⬜ absent. A tap switches the mark.
    Marked: { $present } of { $total } ({ $mentors } mentors, { $mentees } mentees).
pairing-attendance-page = Page { $page } of { $pages }.
pairing-attendee = { $mark } { $name } · { $side }
pairing-button-day = 📅 Date: { $day }
pairing-choose-day = When was the meeting?
pairing-button-send = 📨 Send the poll ({ $present })
pairing-send-needs-both = To form pairs, at least one mentor and one mentee must have been at the meeting.
pairing-poll-sent = The poll went to { $present } { $present ->
        [one] participant
       *[other] participants
    }. It closes { $closes }; then I will match pairs and send you the proposal. To close it sooner: /pairs.
pairing-poll-already-sent = The poll for this meeting has been sent already.

pairing-poll-invite =
    Thank you for coming to the group meeting of “{ $program }” ({ $day })!
    Choose whom you would like to work with: up to three people, in order. The poll is open until { $closes }.
pairing-poll-button = Choose
pairing-poll-reminder = A reminder about the poll after the group meeting of “{ $program }”: it closes { $closes }.
pairing-poll-closed = This poll is closed. If you want to change something, write to your curator.
pairing-poll-not-invited = This poll is for the people who were at the group meeting.

pairing-proposal-empty = There is no proposal: nobody has been put in a pair yet. Tap “Make pairs by hand” or close the poll.
pairing-proposal-title = Proposed pairs — “{ $program }”
pairing-proposal-mentor = { $index }. { $name } (places: { $taken } of { $capacity })
pairing-proposal-mentee = • { $name } — { $why }
pairing-why-both = put the mentor { $menteeRank } in their list; the mentor put them { $mentorRank }
pairing-why-mentee = put the mentor { $menteeRank } in their list
pairing-why-mentor = the mentor put them { $mentorRank } in their list
pairing-why-curator = placed by the curator
pairing-over-capacity = ⚠️ more places than the mentor offered
pairing-unmatched-title = Without a pair ({ $count }): they need support and a continued search:
pairing-unmatched = • { $name } — { $reason }
pairing-reason-ranked-nobody = chose nobody in the poll
pairing-reason-ranked-by-nobody = no mentor chose them
pairing-reason-no-match = no mutual choice
pairing-free-title = Mentors with free places:
pairing-free = • { $name } — { $free }
pairing-button-confirm = ✅ Confirm pairs
pairing-button-edit = ✏️ Change

pairing-edit-choose-mentee = Whom do you want to place or move?
pairing-edit-mentee-paired = { $name } → { $mentor }
pairing-edit-mentee-free = { $name } — no pair
pairing-edit-choose-mentor = { $name }: with which mentor?
pairing-edit-mentor = { $name } ({ $taken }/{ $capacity })
pairing-button-remove = Take out of the pair
pairing-button-done = Done
pairing-placed = Done: { $mentee } → { $mentor }.
pairing-removed = { $mentee } has no pair now.
pairing-cannot-place = This participant cannot be placed: they are in a confirmed pair already or have left the programme.
pairing-no-mentees = The programme has no mentees without a confirmed pair.
pairing-no-mentors = The programme has no active mentors.

pairing-nothing-to-confirm = Nothing to confirm: the proposal holds no pairs.
pairing-confirmed = Pairs confirmed: { $count }. Everyone has been told about their pair.
pairing-still-unmatched = Still without a pair: { $names }. Keep looking: /pairs → “Make pairs by hand”.
pairing-announce-mentee =
    Your mentor in “{ $program }”: { $mentor }.
    The first meeting is organisational: your curator will help arrange it, and your mentor will get in touch.
pairing-announce-mentor =
    Your mentees in “{ $program }”: { $mentees }.
    The first meeting is organisational: arrange it with your mentees (your curator will help you reach them).
pairing-announce-curator-unmatched = Mentees without a pair in “{ $program }”: { $names }. They need support and a continued search for a mentor.

pairing-proposal-ready = The poll after the group meeting of “{ $program }” is closed: { $pairs } pairs proposed, { $unmatched } without a pair. To review and confirm: /pairs.

pairing-end-choose = Which pair should end?
pairing-end-pair = { $mentor } — { $mentees }
pairing-end-none = There are no confirmed pairs.
pairing-end-reason = Why does the pair { $mentor } — { $mentees } end?
pairing-reason-completed = Programme completed
pairing-reason-mismatch = Did not work out
pairing-reason-left = A participant left
pairing-reason-other = Other
pairing-ended = The pair has ended. For a new pair, use “Make pairs by hand”.
pairing-ended-already = This pair has ended already.
pairing-ended-notice = Your pair in “{ $program }” ({ $partners }) was ended by the curator. If you have questions, write to your curator.

command-pairs = Pairs: group meeting, poll, matching and confirmation
pairing-candidate = { $name }

pairing-export-caption = Confirmed pairs of “{ $program }”: { $pairs }. The table is for the order that fixes mentors to mentees.

pairing-button-capacity = 🪑 Mentors' places
pairing-capacity-choose = How many mentees can each mentor take? Tap to change.
pairing-capacity-mentor = { $name } — places: { $capacity } ({ $taken } taken)
pairing-capacity-ask = How many mentees will { $name } take? Now: { $capacity }.

## Command line
cli-command-group-meeting = record a programme's group meeting and send the preference poll to those present
cli-help-group-meeting-program = programme id
cli-help-group-meeting-date = meeting date YYYY-MM-DD; today on the organisation's clock by default
cli-help-group-meeting-absent = ids of participants who were not there, comma-separated (every other active participant was)
cli-error-group-meeting-absent = “{ $value }” is not a comma-separated list of participant ids, e.g. 12,15
cli-group-meeting-done = Group meeting { $id } recorded. The poll is queued for { $asked } participants (the running service sends it) and closes { $closes }.
cli-command-close-poll = close the poll after the programme's latest group meeting and match pairs
cli-help-close-poll-program = programme id
cli-error-close-poll-none = The programme has no open poll after a group meeting.
cli-close-poll-done = Poll closed. Pairs proposed: { $pairs }, without a pair: { $unmatched }. To review and confirm: /pairs in the chat.
