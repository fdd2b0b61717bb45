# want: source_region must be an AWS region name
source_region = "oregon"
