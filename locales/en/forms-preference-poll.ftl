# Choice after the group meeting (preference_poll)

form-preference-poll-title = Your choice
form-preference-poll-intro = Thanks for coming to the meeting! Now choose the people you would like to work with. We'll do our best to take your choice into account when we form pairs.

form-preference-poll-preferences = Which of the people you met would you like to work with?
form-preference-poll-preferences-hint = Choose one to three people. Start with the one you'd like most.

form-preference-poll-comment = Anything you'd like to explain? You can skip this.
