# want: source_db_username must be 1 to 30 letters
source_db_username = "1admin"
