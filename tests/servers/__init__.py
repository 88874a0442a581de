"""Small HTTP servers speaking enough of the JoyAI protocol to count creates (tests and bench)."""
