# A mentee confirms a meeting (meeting_confirmation)

form-meeting-confirmation-title = Meeting confirmation
form-meeting-confirmation-intro = Your mentor has logged a meeting. Please answer a couple of questions; it takes a minute.

form-meeting-confirmation-happened = Did the meeting actually take place?

form-meeting-confirmation-usefulness = How useful was the meeting for you?
form-meeting-confirmation-usefulness-min = Not useful
form-meeting-confirmation-usefulness-max = Very useful

form-meeting-confirmation-comment = Anything to add about the meeting? You can skip this.

form-meeting-confirmation-flag-to-curator = Would you like the programme curator to get in touch with you?
form-meeting-confirmation-flag-to-curator-hint = For example, if something isn't going well. Only the curator sees this answer; your mentor won't.
