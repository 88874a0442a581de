"""The wallet in the window: what each provider charged, its balance, the caps (#19)."""
