"""Term roster reconciliation (the college's roster against the high school's applications), the
high school's roster confirmation each term, the counselor caseload selectors, and the reminder
log that keeps consent reminders and counselor digests to one a day."""
