# want: target_s3_bucket_name must not hold two adjacent periods
target_s3_bucket_name = "my..bucket"
