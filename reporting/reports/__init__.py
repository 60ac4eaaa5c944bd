"""The office reports: texts, submission with a frozen snapshot, the directorate's decisions, the completeness
list, e-mails and deadline reminders."""
