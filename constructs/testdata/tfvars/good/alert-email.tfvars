# An address for the alerts topic: the plan subscribes it (alert_email is new in this lab).
alert_email = "ops@example.com"
