# want: source_db_password must be "" (generated) or 8 to 30
source_db_password = "Sh0rt"
