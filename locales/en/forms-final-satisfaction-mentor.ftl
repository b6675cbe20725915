# Mentor's final satisfaction poll (final_satisfaction_mentor)

form-final-satisfaction-mentor-title = Programme wrap-up
form-final-satisfaction-mentor-intro = The mentoring programme is coming to an end. Thank you for your work! Please rate how it went, from 1 to 10 where 10 is best.

form-final-satisfaction-mentor-comfort = How comfortable was it to work with your mentees?
form-final-satisfaction-mentor-one-to-one-useful = How useful, in your view, were your meetings?
form-final-satisfaction-mentor-group-useful = How useful were the group meetings?
form-final-satisfaction-mentor-group-useful-hint = If there were no group meetings, skip this question.
form-final-satisfaction-mentor-mentee-engagement = How engaged were your mentees?
form-final-satisfaction-mentor-org-support = How much support did you feel from the curator and the organisation?
form-final-satisfaction-mentor-training-useful = How useful was the mentor training?
form-final-satisfaction-mentor-training-useful-hint = Training sessions, briefings, guidance materials. If there was none, skip this question.
form-final-satisfaction-mentor-goals-clear = How clear were the goals and tasks of your work?
form-final-satisfaction-mentor-expectations-met = How far were your expectations met?
form-final-satisfaction-mentor-overall = Overall, how satisfied are you with taking part in the programme?

form-final-satisfaction-mentor-meeting-frequency = How often did you meet your mentees?
form-final-satisfaction-mentor-meeting-frequency-more-than-weekly = More than once a week
form-final-satisfaction-mentor-meeting-frequency-weekly = Once a week
form-final-satisfaction-mentor-meeting-frequency-twice-a-month = Two or three times a month
form-final-satisfaction-mentor-meeting-frequency-monthly = Once a month
form-final-satisfaction-mentor-meeting-frequency-rarely = Less often

form-final-satisfaction-mentor-most-valuable = What was most valuable for you? You can skip this.
form-final-satisfaction-mentor-what-to-change = What should change in the programme? You can skip this.

form-final-satisfaction-mentor-would-continue = Would you like to carry on as a mentor?
