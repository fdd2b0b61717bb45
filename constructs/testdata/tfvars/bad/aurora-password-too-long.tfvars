# want: target_db_password must be "" (generated) or 8 to 41
target_db_password = "ThisPasswordIsFortyTwoCharactersLongXXXX12"
