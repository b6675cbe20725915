# Итоговая анкета удовлетворённости наставника (final_satisfaction_mentor)

form-final-satisfaction-mentor-title = Итоги программы
form-final-satisfaction-mentor-intro = Программа наставничества подходит к концу. Спасибо за вашу работу! Оцените, пожалуйста, как всё прошло: от 1 до 10, где 10 — лучше всего.

form-final-satisfaction-mentor-comfort = Насколько комфортно вам было общаться с наставляемыми?
form-final-satisfaction-mentor-one-to-one-useful = Насколько полезными, на ваш взгляд, были ваши встречи?
form-final-satisfaction-mentor-group-useful = Насколько полезными были групповые встречи?
form-final-satisfaction-mentor-group-useful-hint = Если групповых встреч не было, пропустите вопрос.
form-final-satisfaction-mentor-mentee-engagement = Насколько наставляемые были вовлечены в работу?
form-final-satisfaction-mentor-org-support = Насколько вы чувствовали поддержку куратора и организации?
form-final-satisfaction-mentor-training-useful = Насколько полезной была подготовка наставников?
form-final-satisfaction-mentor-training-useful-hint = Обучение, инструктаж, методические материалы. Если подготовки не было, пропустите вопрос.
form-final-satisfaction-mentor-goals-clear = Насколько понятны были цели и задачи вашей работы?
form-final-satisfaction-mentor-expectations-met = Насколько оправдались ваши ожидания?
form-final-satisfaction-mentor-overall = Насколько вы в целом довольны участием в программе?

form-final-satisfaction-mentor-meeting-frequency = Как часто вы встречались с наставляемыми?
form-final-satisfaction-mentor-meeting-frequency-more-than-weekly = Чаще раза в неделю
form-final-satisfaction-mentor-meeting-frequency-weekly = Раз в неделю
form-final-satisfaction-mentor-meeting-frequency-twice-a-month = Два-три раза в месяц
form-final-satisfaction-mentor-meeting-frequency-monthly = Раз в месяц
form-final-satisfaction-mentor-meeting-frequency-rarely = Реже

form-final-satisfaction-mentor-most-valuable = Что было самым ценным для вас? Можно пропустить.
form-final-satisfaction-mentor-what-to-change = Что стоит изменить в программе? Можно пропустить.

form-final-satisfaction-mentor-would-continue = Готовы ли вы быть наставником и дальше?
