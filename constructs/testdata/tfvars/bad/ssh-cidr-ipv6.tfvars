# want: ssh_allowed_cidr must be "" or an IPv4 CIDR
ssh_allowed_cidr = "2001:db8::/32"
