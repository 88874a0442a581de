"""What can be done with a saved result file, and how other apps take it (drag, clipboard)."""
