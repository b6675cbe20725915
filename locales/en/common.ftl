# Messages shared by every part of the bot
app-name = Nastavnik
error-generic = Something went wrong. We are looking into it — please try again a little later.
