# Mentee's final satisfaction poll (final_satisfaction_mentee)

form-final-satisfaction-mentee-title = Programme wrap-up
form-final-satisfaction-mentee-intro = The mentoring programme is coming to an end. Please rate how it went, from 1 to 10 where 10 is best. Your answers will help make the programme better.

form-final-satisfaction-mentee-comfort = How comfortable was it to talk with your mentor?
form-final-satisfaction-mentee-one-to-one-useful = How useful were your meetings with your mentor?
form-final-satisfaction-mentee-group-useful = How useful were the group meetings?
form-final-satisfaction-mentee-group-useful-hint = If there were no group meetings, skip this question.
form-final-satisfaction-mentee-support-felt = Did you feel your mentor's support?
form-final-satisfaction-mentee-goals-clear = How clear were the goals and tasks of your work together?
form-final-satisfaction-mentee-expectations-met = How far were your expectations met?
form-final-satisfaction-mentee-overall = Overall, how satisfied are you with taking part in the programme?

form-final-satisfaction-mentee-meeting-frequency = How often did you meet your mentor?
form-final-satisfaction-mentee-meeting-frequency-more-than-weekly = More than once a week
form-final-satisfaction-mentee-meeting-frequency-weekly = Once a week
form-final-satisfaction-mentee-meeting-frequency-twice-a-month = Two or three times a month
form-final-satisfaction-mentee-meeting-frequency-monthly = Once a month
form-final-satisfaction-mentee-meeting-frequency-rarely = Less often

form-final-satisfaction-mentee-most-valuable = What was most valuable for you? You can skip this.
form-final-satisfaction-mentee-what-to-change = What should change in the programme? You can skip this.

form-final-satisfaction-mentee-would-continue = Would you like to keep working with your mentor?

form-final-satisfaction-mentee-would-become-mentor = Would you like to become a mentor yourself?
form-final-satisfaction-mentee-would-become-mentor-yes = Yes
form-final-satisfaction-mentee-would-become-mentor-maybe = Maybe
form-final-satisfaction-mentee-would-become-mentor-no = No
