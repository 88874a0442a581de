"""Settings → References: the user's bucket for local reference pictures (#17)."""

#: The settings dialog's name for the References page (`SettingsDialog(provider=PAGE)`).
PAGE = "references"
