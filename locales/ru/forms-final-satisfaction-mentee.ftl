# Итоговая анкета удовлетворённости наставляемого (final_satisfaction_mentee)

form-final-satisfaction-mentee-title = Итоги программы
form-final-satisfaction-mentee-intro = Программа наставничества подходит к концу. Оцените, пожалуйста, как всё прошло: от 1 до 10, где 10 — лучше всего. Ваши ответы помогут сделать программу лучше.

form-final-satisfaction-mentee-comfort = Насколько комфортно вам было общаться с наставником?
form-final-satisfaction-mentee-one-to-one-useful = Насколько полезными были встречи с наставником?
form-final-satisfaction-mentee-group-useful = Насколько полезными были групповые встречи?
form-final-satisfaction-mentee-group-useful-hint = Если групповых встреч не было, пропустите вопрос.
form-final-satisfaction-mentee-support-felt = Чувствовали ли вы поддержку наставника?
form-final-satisfaction-mentee-goals-clear = Насколько понятны были цели и задачи ваших занятий?
form-final-satisfaction-mentee-expectations-met = Насколько оправдались ваши ожидания?
form-final-satisfaction-mentee-overall = Насколько вы в целом довольны участием в программе?

form-final-satisfaction-mentee-meeting-frequency = Как часто вы встречались с наставником?
form-final-satisfaction-mentee-meeting-frequency-more-than-weekly = Чаще раза в неделю
form-final-satisfaction-mentee-meeting-frequency-weekly = Раз в неделю
form-final-satisfaction-mentee-meeting-frequency-twice-a-month = Два-три раза в месяц
form-final-satisfaction-mentee-meeting-frequency-monthly = Раз в месяц
form-final-satisfaction-mentee-meeting-frequency-rarely = Реже

form-final-satisfaction-mentee-most-valuable = Что было самым ценным для вас? Можно пропустить.
form-final-satisfaction-mentee-what-to-change = Что стоит изменить в программе? Можно пропустить.

form-final-satisfaction-mentee-would-continue = Хотели бы вы продолжить заниматься с наставником?

form-final-satisfaction-mentee-would-become-mentor = Хотели бы вы сами стать наставником?
form-final-satisfaction-mentee-would-become-mentor-yes = Да
form-final-satisfaction-mentee-would-become-mentor-maybe = Может быть
form-final-satisfaction-mentee-would-become-mentor-no = Нет
