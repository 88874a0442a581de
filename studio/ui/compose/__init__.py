"""Composing a request: selectors, prompt, extras, references, and the Generate bar."""
