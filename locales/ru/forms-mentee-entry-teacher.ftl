# Анкета наставляемого: молодой педагог или специалист (mentee_entry_teacher)

form-mentee-entry-teacher-title = Анкета молодого педагога
form-mentee-entry-teacher-intro = Здравствуйте! Несколько вопросов о вашей работе и о том, какая поддержка вам нужна. По ответам мы подберём наставника. Займёт около пяти минут.

form-mentee-entry-teacher-experience-years = Какой у вас педагогический стаж?
form-mentee-entry-teacher-experience-years-hint = Полных лет. Если меньше года, напишите 0.

form-mentee-entry-teacher-subject = Какой предмет или направление вы ведёте?
form-mentee-entry-teacher-subject-hint = Например: математика, начальные классы, педагог-психолог.

form-mentee-entry-teacher-needs = В чём вам сейчас сложнее всего?
form-mentee-entry-teacher-needs-hint = Выберите до четырёх пунктов.
form-mentee-entry-teacher-needs-lesson-planning = Планирование уроков
form-mentee-entry-teacher-needs-discipline = Дисциплина на уроке
form-mentee-entry-teacher-needs-motivation = Мотивация учеников
form-mentee-entry-teacher-needs-parents = Общение с родителями
form-mentee-entry-teacher-needs-assessment = Оценивание
form-mentee-entry-teacher-needs-digital = Цифровые инструменты
form-mentee-entry-teacher-needs-documentation = Документация и отчёты
form-mentee-entry-teacher-needs-inclusive = Инклюзивное образование
form-mentee-entry-teacher-needs-class-teacher = Классное руководство
form-mentee-entry-teacher-needs-exams = Подготовка к ОГЭ и ЕГЭ
form-mentee-entry-teacher-needs-adaptation = Освоиться в коллективе
form-mentee-entry-teacher-needs-other = Другое

form-mentee-entry-teacher-needs-details = Расскажите коротко, что ещё вызывает трудности.

form-mentee-entry-teacher-goals = Чего вы хотите добиться за время наставничества?
form-mentee-entry-teacher-goals-hint = Пара предложений. Например: «уверенно вести 5-е классы» или «подготовить открытый урок».

form-mentee-entry-teacher-mentor-type = Какой наставник вам нужнее?
form-mentee-entry-teacher-mentor-type-subject = Коллега по моему предмету
form-mentee-entry-teacher-mentor-type-consultant = Консультант по работе в школе
form-mentee-entry-teacher-mentor-type-tutor = Тьютор для профессионального роста
form-mentee-entry-teacher-mentor-type-any = Пока не знаю

form-mentee-entry-teacher-group-or-individual = Как вам удобнее работать с наставником?
form-mentee-entry-teacher-format = Где удобнее встречаться?
form-mentee-entry-teacher-available-days = В какие дни вам удобно?
form-mentee-entry-teacher-available-times = В какое время?

form-mentee-entry-teacher-anything-else = Хотите что-то добавить? Можно пропустить.
