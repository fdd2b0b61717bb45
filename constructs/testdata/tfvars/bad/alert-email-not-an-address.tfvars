# want: alert_email must be "" or an e-mail address
alert_email = "ops at example.com"
