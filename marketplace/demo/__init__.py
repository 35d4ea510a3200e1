"""Demo data: a slice of the shared patent records shipped with the project, and the builder of a demo site."""
