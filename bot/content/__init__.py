"""Content kept as files (question banks, schedules): loading and validation."""
