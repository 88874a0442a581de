"""The mask editor: paint on the first reference where an OpenAI edit may change it (#18)."""
