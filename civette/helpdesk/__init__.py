"""Human handoff: cases opened by the bot, agents who answer them, outbound connectors."""
