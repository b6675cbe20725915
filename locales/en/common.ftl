# Messages shared by every part of the bot
app-name = Nastavnik
error-generic = Something went wrong. We are looking into it — please try again a little later.

# Any messenger's answers to what a person does wrong.
channel-flood = You are sending messages very quickly. Please wait a moment and the bot will answer the next ones.
# Also shown as a VK snackbar: at most 90 characters.
channel-button-stale = This button no longer works. Please use the bot's latest message.
