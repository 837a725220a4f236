"""The web pages served beside Rasa: the demo shop with the chat widget, and the agent console."""
