# Анкета наставляемого: ученик или студент колледжа (mentee_entry_pupil)

form-mentee-entry-pupil-title = Анкета участника
form-mentee-entry-pupil-intro = Привет! Ответьте, пожалуйста, на несколько вопросов — так мы сможем подобрать вам наставника. Это займёт минут пять.

form-mentee-entry-pupil-grade = В каком вы классе?
form-mentee-entry-pupil-grade-5 = 5 класс
form-mentee-entry-pupil-grade-6 = 6 класс
form-mentee-entry-pupil-grade-7 = 7 класс
form-mentee-entry-pupil-grade-8 = 8 класс
form-mentee-entry-pupil-grade-9 = 9 класс
form-mentee-entry-pupil-grade-10 = 10 класс
form-mentee-entry-pupil-grade-11 = 11 класс
form-mentee-entry-pupil-grade-college = Учусь в колледже или техникуме

form-mentee-entry-pupil-needs = С чем вам хотелось бы помощи?
form-mentee-entry-pupil-needs-hint = Выберите до трёх пунктов — самое важное для вас.
form-mentee-entry-pupil-needs-subjects = Разобраться в предметах
form-mentee-entry-pupil-needs-exams = Подготовиться к ОГЭ или ЕГЭ
form-mentee-entry-pupil-needs-olympiads = Олимпиады и конкурсы
form-mentee-entry-pupil-needs-career = Выбрать профессию
form-mentee-entry-pupil-needs-projects = Сделать проект
form-mentee-entry-pupil-needs-adaptation = Освоиться в новом классе
form-mentee-entry-pupil-needs-communication = Общение с людьми
form-mentee-entry-pupil-needs-leadership = Уверенность и лидерство
form-mentee-entry-pupil-needs-self-organisation = Всё успевать и не откладывать
form-mentee-entry-pupil-needs-hobbies = Найти увлечение
form-mentee-entry-pupil-needs-other = Другое

form-mentee-entry-pupil-needs-details = Напишите коротко, с чем ещё нужна помощь.

form-mentee-entry-pupil-interests = Что вам интересно?
form-mentee-entry-pupil-interests-science = Наука и естественные предметы
form-mentee-entry-pupil-interests-it = IT и программирование
form-mentee-entry-pupil-interests-engineering = Техника и робототехника
form-mentee-entry-pupil-interests-humanities = История, литература, общество
form-mentee-entry-pupil-interests-languages = Иностранные языки
form-mentee-entry-pupil-interests-arts = Рисование, дизайн, театр
form-mentee-entry-pupil-interests-music = Музыка
form-mentee-entry-pupil-interests-sport = Спорт
form-mentee-entry-pupil-interests-business = Бизнес и финансы
form-mentee-entry-pupil-interests-volunteering = Волонтёрство
form-mentee-entry-pupil-interests-media = Блоги, видео, медиа
form-mentee-entry-pupil-interests-other = Что-то другое

form-mentee-entry-pupil-goals = Чего вы хотите добиться с наставником?
form-mentee-entry-pupil-goals-hint = Пара предложений своими словами. Например: «подтянуть алгебру до четвёрки» или «понять, куда поступать».

form-mentee-entry-pupil-mentor-kind = Кто вам был бы интересен как наставник?
form-mentee-entry-pupil-mentor-kind-older-pupil = Старшеклассник
form-mentee-entry-pupil-mentor-kind-student = Студент
form-mentee-entry-pupil-mentor-kind-teacher = Учитель
form-mentee-entry-pupil-mentor-kind-professional = Специалист из компании
form-mentee-entry-pupil-mentor-kind-any = Неважно

form-mentee-entry-pupil-group-or-individual = Как вам удобнее заниматься?
form-mentee-entry-pupil-format = Где удобнее встречаться?
form-mentee-entry-pupil-available-days = В какие дни вам удобно?
form-mentee-entry-pupil-available-times = В какое время?

form-mentee-entry-pupil-anything-else = Хотите что-то добавить? Можно пропустить.
