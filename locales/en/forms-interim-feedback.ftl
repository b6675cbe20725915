# Interim feedback (interim_feedback)

form-interim-feedback-title = How are things going
form-interim-feedback-intro = The programme is well under way. Tell us how it's going: four short questions.

form-interim-feedback-how-it-goes = How is your mentoring going?
form-interim-feedback-how-it-goes-min = Very badly
form-interim-feedback-how-it-goes-max = Excellently

form-interim-feedback-what-helps = What helps? You can skip this.
form-interim-feedback-what-blocks = What gets in the way? You can skip this.

form-interim-feedback-talk-to-curator = Would you like to talk something over with the programme curator?
