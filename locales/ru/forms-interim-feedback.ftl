# Промежуточная обратная связь (interim_feedback)

form-interim-feedback-title = Как у вас дела
form-interim-feedback-intro = Программа в самом разгаре. Расскажите, как всё идёт, — четыре коротких вопроса.

form-interim-feedback-how-it-goes = Как идёт ваша работа в программе наставничества?
form-interim-feedback-how-it-goes-min = Совсем плохо
form-interim-feedback-how-it-goes-max = Отлично

form-interim-feedback-what-helps = Что помогает? Можно пропустить.
form-interim-feedback-what-blocks = Что мешает? Можно пропустить.

form-interim-feedback-talk-to-curator = Хотите обсудить что-то с куратором программы?
