"""The app and its main window: start-up, wiring the rooms, result commands, undo, notices."""
