# VK: welcome, help and the community's service replies
vk-welcome =
    Hello! This is Nastavnik, the mentoring programme bot of your school or college.
    Here you will fill in questionnaires, confirm meetings and get reminders.
    If your curator gave you an invite link, open it and the bot will continue from the right step.
vk-help =
    What the bot can do (type a command as a message):
    /start — start, or continue from an invite
    /forms — questionnaires waiting for your answers
    /profile — my profile
    /language — change the language
    /forget — erase my personal data
    /help — this help
