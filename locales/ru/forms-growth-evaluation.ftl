# Самооценка до и после программы (growth_evaluation)

form-growth-evaluation-title = Самооценка
form-growth-evaluation-intro = Оцените себя по нескольким пунктам от 1 до 10. Это не экзамен: правильных ответов нет, отвечайте честно. Те же вопросы мы зададим в конце программы, чтобы увидеть, что изменилось.

form-growth-evaluation-scale-low = Пока слабо
form-growth-evaluation-scale-high = Отлично

form-growth-evaluation-confidence = Насколько вы уверены в своих силах?
form-growth-evaluation-motivation = Насколько вам хочется учиться и развиваться?
form-growth-evaluation-communication = Насколько легко вам общаться с новыми людьми?
form-growth-evaluation-goal-setting = Насколько хорошо вы умеете ставить цели и добиваться их?
form-growth-evaluation-knowledge = Насколько хорошо вы разбираетесь в том, чем хотите заниматься?
form-growth-evaluation-self-organisation = Насколько хорошо вы умеете планировать время и всё успевать?
form-growth-evaluation-teamwork = Насколько хорошо у вас получается работать в команде?
form-growth-evaluation-leadership = Насколько легко вам брать на себя инициативу?
form-growth-evaluation-future-clarity = Насколько ясно вы представляете свои следующие шаги в учёбе или работе?
