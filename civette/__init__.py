"""À La Civette customer-service assistant: the library behind the Rasa bot and its actions."""
