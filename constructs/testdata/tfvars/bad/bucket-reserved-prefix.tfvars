# want: target_s3_bucket_name must not start with a prefix S3 reserves
target_s3_bucket_name = "sthree-lab-target"
