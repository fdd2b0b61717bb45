# want: source_db_password may hold only printable ASCII
source_db_password = "Passw0rd@lab"
