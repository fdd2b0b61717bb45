# want: target_s3_bucket_name must not end with a suffix S3 reserves
target_s3_bucket_name = "lab-target-s3alias"
