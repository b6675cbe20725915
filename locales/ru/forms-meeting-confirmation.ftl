# Подтверждение встречи наставляемым (meeting_confirmation)

form-meeting-confirmation-title = Подтверждение встречи
form-meeting-confirmation-intro = Ваш наставник отметил встречу. Ответьте, пожалуйста, на пару вопросов — это займёт минуту.

form-meeting-confirmation-happened = Встреча действительно была?

form-meeting-confirmation-usefulness = Насколько встреча была полезной для вас?
form-meeting-confirmation-usefulness-min = Бесполезно
form-meeting-confirmation-usefulness-max = Очень полезно

form-meeting-confirmation-comment = Хотите что-то добавить о встрече? Можно пропустить.

form-meeting-confirmation-flag-to-curator = Хотите, чтобы куратор программы с вами связался?
form-meeting-confirmation-flag-to-curator-hint = Например, если что-то идёт не так. Ваш ответ увидит только куратор, наставнику он не покажется.
