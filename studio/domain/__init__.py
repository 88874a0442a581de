"""Plain data: requests, jobs, the catalog of models, validation and the error tree."""
