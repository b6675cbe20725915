# Анкета наставника (mentor_entry)

form-mentor-entry-title = Анкета наставника
form-mentor-entry-intro = Здравствуйте! Спасибо, что готовы стать наставником. Расскажите немного о себе — по ответам мы подберём вам наставляемых. Это займёт минут пять.

form-mentor-entry-category = Кто вы?
form-mentor-entry-category-pupil = Школьник
form-mentor-entry-category-student = Студент
form-mentor-entry-category-teacher = Педагог
form-mentor-entry-category-employer = Представитель компании
form-mentor-entry-category-parent = Родитель
form-mentor-entry-category-other = Другое

form-mentor-entry-grade = В каком вы классе?
form-mentor-entry-grade-7 = 7 класс
form-mentor-entry-grade-8 = 8 класс
form-mentor-entry-grade-9 = 9 класс
form-mentor-entry-grade-10 = 10 класс
form-mentor-entry-grade-11 = 11 класс

form-mentor-entry-study-year = На каком вы курсе?

form-mentor-entry-experience-years = Сколько лет вы работаете?
form-mentor-entry-experience-years-hint = Педагогам — педагогический стаж, остальным — опыт в профессии. Полных лет.

form-mentor-entry-subject = Какой предмет или направление вы ведёте?

form-mentor-entry-occupation = Чем вы занимаетесь?
form-mentor-entry-occupation-hint = Специальность, профессия или сфера работы. Например: инженер-технолог, программист, медсестра.

form-mentor-entry-strengths = Что у вас получается лучше всего?
form-mentor-entry-strengths-hint = Выберите до трёх пунктов.
form-mentor-entry-strengths-explaining = Понятно объяснять
form-mentor-entry-strengths-listening = Слушать и поддерживать
form-mentor-entry-strengths-motivating = Вдохновлять и мотивировать
form-mentor-entry-strengths-organising = Организовывать дела
form-mentor-entry-strengths-leadership = Вести за собой
form-mentor-entry-strengths-creativity = Придумывать новое
form-mentor-entry-strengths-critical-thinking = Анализировать и рассуждать
form-mentor-entry-strengths-expertise = Глубоко знаю своё дело

form-mentor-entry-can-offer = С чем вы можете помочь?
form-mentor-entry-can-offer-hint = Отметьте всё, что вам по силам.
form-mentor-entry-can-offer-subjects = С учёбой по предметам
form-mentor-entry-can-offer-exams = С подготовкой к ОГЭ и ЕГЭ
form-mentor-entry-can-offer-olympiads = С олимпиадами и конкурсами
form-mentor-entry-can-offer-career = С выбором профессии
form-mentor-entry-can-offer-projects = С проектной работой
form-mentor-entry-can-offer-adaptation = С адаптацией на новом месте
form-mentor-entry-can-offer-communication = С общением и отношениями
form-mentor-entry-can-offer-leadership = С лидерскими навыками
form-mentor-entry-can-offer-self-organisation = С самоорганизацией
form-mentor-entry-can-offer-hobbies = С поиском увлечений
form-mentor-entry-can-offer-workplace-visits = Показать работу на предприятии
form-mentor-entry-can-offer-lesson-planning = С планированием уроков
form-mentor-entry-can-offer-discipline = С дисциплиной на уроке
form-mentor-entry-can-offer-motivation = С мотивацией учеников
form-mentor-entry-can-offer-parents = С общением с родителями
form-mentor-entry-can-offer-assessment = С оцениванием
form-mentor-entry-can-offer-digital = С цифровыми инструментами
form-mentor-entry-can-offer-documentation = С документацией и отчётами
form-mentor-entry-can-offer-inclusive = С инклюзивным образованием
form-mentor-entry-can-offer-class-teacher = С классным руководством

form-mentor-entry-capacity = Скольких наставляемых вы готовы вести одновременно?
form-mentor-entry-capacity-hint = От 1 до 10. Один — индивидуальное наставничество, несколько — групповое.

form-mentor-entry-format = Где вам удобнее встречаться?
form-mentor-entry-available-days = В какие дни вам удобно?
form-mentor-entry-available-times = В какое время?

form-mentor-entry-motivation = Почему вы решили стать наставником? Можно пропустить.
