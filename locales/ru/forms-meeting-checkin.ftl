# Отметка о встрече, заполняет наставник (meeting_checkin)

form-meeting-checkin-title = Отметка о встрече

form-meeting-checkin-meeting-type = Какая это была встреча?
form-meeting-checkin-meeting-type-hint = По порядку программы: знакомство, пробная, планирование, рабочие встречи и заключительная.
form-meeting-checkin-meeting-type-first = Первая, знакомство
form-meeting-checkin-meeting-type-trial = Пробная
form-meeting-checkin-meeting-type-planning = Планирование
form-meeting-checkin-meeting-type-regular = Обычная рабочая
form-meeting-checkin-meeting-type-final = Заключительная

form-meeting-checkin-held-on = Когда была встреча?

form-meeting-checkin-format = Как встречались?
form-meeting-checkin-format-in-person = Вживую
form-meeting-checkin-format-online = Онлайн

form-meeting-checkin-length-minutes = Сколько минут длилась встреча?

form-meeting-checkin-attendance = Кто из наставляемых был на встрече?
form-meeting-checkin-attendance-hint = Отметьте всех, кто пришёл. Порядок не важен.

form-meeting-checkin-topics = Что обсуждали и делали?
form-meeting-checkin-topics-hint = Коротко, в паре фраз.

form-meeting-checkin-next-on = Когда следующая встреча? Если ещё не договорились, пропустите.

form-meeting-checkin-attendance-who = Отметьте всех, кто пришёл.

form-meeting-checkin-topics-choose = Отметьте одно или несколько.
form-meeting-checkin-topics-study = Учёба, предметы
form-meeting-checkin-topics-goals = Цели и план
form-meeting-checkin-topics-project = Проект
form-meeting-checkin-topics-career = Профессия, будущее
form-meeting-checkin-topics-skills = Навыки
form-meeting-checkin-topics-wellbeing = Самочувствие, отношения
form-meeting-checkin-topics-other = Другое

form-meeting-checkin-topics-note = Что-то добавить о встрече? Можно пропустить.
