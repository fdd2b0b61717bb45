# want: target_db_username must not be a PostgreSQL reserved word
target_db_username = "admin"
