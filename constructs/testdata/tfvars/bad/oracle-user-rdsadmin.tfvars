# want: source_db_username must not be an Oracle reserved word
source_db_username = "rdsadmin"
