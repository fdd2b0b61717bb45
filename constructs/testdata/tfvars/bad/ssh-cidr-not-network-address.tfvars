# want: ssh_allowed_cidr must be written at its network address
ssh_allowed_cidr = "203.0.113.7/24"
