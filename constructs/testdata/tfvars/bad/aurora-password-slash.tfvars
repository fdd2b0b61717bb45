# want: target_db_password may hold only printable ASCII
target_db_password = "Pass/word12"
