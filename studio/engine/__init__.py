"""The job engine: runner, journal, library; asyncio and sqlite3, no widgets."""
