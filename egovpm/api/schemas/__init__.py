"""Request and response bodies of /api/v1/, a module per concern (base holds the shared types)."""
