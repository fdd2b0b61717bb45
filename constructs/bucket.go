package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketownershipcontrols"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketpublicaccessblock"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketserversideencryptionconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// TargetBucketProps configures NewTargetBucket.
type TargetBucketProps struct {
	// Provider must be the DMS instance's region: DMS writes only to a
	// bucket in its own region. Required.
	Provider provider.AwsProvider
	// BucketName is target_s3_bucket_name; "" generates a unique name
	// starting with NamePrefix. Required.
	BucketName cdktf.TerraformVariable
	NamePrefix string
}

// TargetBucket is the S3 target: private, owner-enforced, encrypted, never
// versioned (DMS requires that), and emptied on destroy so that
// `cdktf destroy` succeeds with replicated files in it.
type TargetBucket struct {
	Bucket s3bucket.S3Bucket
	// Ready is the last of the bucket's settings; depend on it, not on the
	// bucket, before writing to it.
	Ready cdktf.ITerraformDependable
}

// NewTargetBucket builds the S3 target bucket.
func NewTargetBucket(scope constructs.Construct, id string, props *TargetBucketProps) *TargetBucket {
	c := constructs.NewConstruct(scope, jsii.String(id))
	name := props.BucketName.StringValue()
	named := isSet(name)
	b := s3bucket.NewS3Bucket(c, jsii.String("bucket"), &s3bucket.S3BucketConfig{
		Provider:     props.Provider,
		Bucket:       cdktf.Token_AsString(cdktf.Fn_Conditional(named, name, cdktf.Token_NullValue()), nil),
		BucketPrefix: cdktf.Token_AsString(cdktf.Fn_Conditional(named, cdktf.Token_NullValue(), props.NamePrefix+"-target-"), nil),
		ForceDestroy: jsii.Bool(true),
	})
	block := s3bucketpublicaccessblock.NewS3BucketPublicAccessBlock(c, jsii.String("public-access-block"), &s3bucketpublicaccessblock.S3BucketPublicAccessBlockConfig{
		Provider:              props.Provider,
		Bucket:                b.Id(),
		BlockPublicAcls:       jsii.Bool(true),
		BlockPublicPolicy:     jsii.Bool(true),
		IgnorePublicAcls:      jsii.Bool(true),
		RestrictPublicBuckets: jsii.Bool(true),
	})
	ownership := s3bucketownershipcontrols.NewS3BucketOwnershipControls(c, jsii.String("ownership"), &s3bucketownershipcontrols.S3BucketOwnershipControlsConfig{
		Provider: props.Provider,
		Bucket:   b.Id(),
		Rule:     &s3bucketownershipcontrols.S3BucketOwnershipControlsRule{ObjectOwnership: jsii.String("BucketOwnerEnforced")},
	})
	sse := s3bucketserversideencryptionconfiguration.NewS3BucketServerSideEncryptionConfigurationA(c, jsii.String("encryption"), &s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationAConfig{
		Provider: props.Provider,
		Bucket:   b.Id(),
		Rule: &[]*s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleA{{
			ApplyServerSideEncryptionByDefault: &s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA{
				SseAlgorithm: jsii.String("AES256"),
			},
		}},
		DependsOn: &[]cdktf.ITerraformDependable{block, ownership},
	})
	return &TargetBucket{Bucket: b, Ready: sse}
}
