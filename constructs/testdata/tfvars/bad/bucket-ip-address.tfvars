# want: target_s3_bucket_name must not be formatted as an IP address
target_s3_bucket_name = "192.168.5.4"
