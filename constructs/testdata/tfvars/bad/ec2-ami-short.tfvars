# want: ec2_ami must be "" or an AMI id
ec2_ami = "ami-123"
