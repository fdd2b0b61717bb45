# The earlier HCL system's var.tfvars, with its variable names unchanged
# (../shared/reference/seed-system.md). The passwords are obviously fake.
# key_path is relative to where terraform runs: its public half is
# earlier-system-key.pub beside this file (a throwaway key; the private half
# was never kept).
ec2_ami               = "ami-0abcdef1234567890"
key_name              = "dmslab-earlier-system"
key_path              = "earlier-system-key"
source_db_username    = "admin"
source_db_password    = "NotARealPassw0rd-1"
target_db_username    = "dmsadmin"
target_db_password    = "NotARealPassw0rd-2"
target_s3_bucket_name = "dmslab-earlier-system-target-example"
source_region         = "us-west-2"
target_region         = "us-east-1"
