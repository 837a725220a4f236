"""The order store: customers' orders and their shipments, and how they get in."""
