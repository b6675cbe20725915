# Self-evaluation before and after the programme (growth_evaluation)

form-growth-evaluation-title = Self-evaluation
form-growth-evaluation-intro = Rate yourself on a few points from 1 to 10. This is not a test: there are no right answers, so be honest. We'll ask the same questions at the end of the programme to see what has changed.

form-growth-evaluation-scale-low = Not yet
form-growth-evaluation-scale-high = Excellent

form-growth-evaluation-confidence = How confident are you in your abilities?
form-growth-evaluation-motivation = How much do you want to learn and grow?
form-growth-evaluation-communication = How easy is it for you to talk to new people?
form-growth-evaluation-goal-setting = How good are you at setting goals and reaching them?
form-growth-evaluation-knowledge = How well do you know the area you want to work in?
form-growth-evaluation-self-organisation = How good are you at planning your time and getting things done?
form-growth-evaluation-teamwork = How well do you work in a team?
form-growth-evaluation-leadership = How easy is it for you to take the initiative?
form-growth-evaluation-future-clarity = How clearly do you see your next steps in study or work?
