# want: target_s3_bucket_name must be "" (a generated name) or 3 to 63
target_s3_bucket_name = "My-Bucket"
