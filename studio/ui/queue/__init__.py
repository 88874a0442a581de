"""The job queue: its model and its panel."""
