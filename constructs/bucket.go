package constructs

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketownershipcontrols"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketpublicaccessblock"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketserversideencryptionconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// PrivateBucketProps configures NewPrivateBucket.
type PrivateBucketProps struct {
	// Provider places the bucket. For the S3 target it must be the DMS
	// instance's region: DMS writes only to a bucket in its own region.
	Provider provider.AwsProvider
	// Name, when set and not empty at deploy time, is the bucket's name
	// (target_s3_bucket_name). Default nil: a unique name from Prefix.
	Name *string
	// Prefix starts a generated name. Required.
	Prefix string
}

// PrivateBucket is a private, owner-enforced, encrypted bucket that is never
// versioned (DMS requires that of its target) and is emptied on destroy, so
// `cdktf destroy` succeeds with files in it.
type PrivateBucket struct {
	Bucket s3bucket.S3Bucket
	// grantName names the bucket in its grants' policy names.
	grantName string
	construct constructs.Construct
	// Ready is the last of the bucket's settings; depend on it, not on the
	// bucket, before writing to it.
	Ready cdktf.ITerraformDependable
}

// NewPrivateBucket builds the bucket and its settings.
func NewPrivateBucket(scope constructs.Construct, id string, props *PrivateBucketProps) *PrivateBucket {
	c := constructs.NewConstruct(scope, jsii.String(id))
	cfg := &s3bucket.S3BucketConfig{
		Provider:     props.Provider,
		BucketPrefix: jsii.String(props.Prefix),
		ForceDestroy: jsii.Bool(true),
	}
	if props.Name != nil {
		named := isSet(props.Name)
		cfg.Bucket = cdktf.Token_AsString(cdktf.Fn_Conditional(named, props.Name, cdktf.Token_NullValue()), nil)
		cfg.BucketPrefix = cdktf.Token_AsString(cdktf.Fn_Conditional(named, cdktf.Token_NullValue(), props.Prefix), nil)
	}
	b := s3bucket.NewS3Bucket(c, jsii.String("bucket"), cfg)
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
	return &PrivateBucket{Bucket: b, Ready: sse, grantName: strings.TrimSuffix(props.Prefix, "-"), construct: c}
}

// GrantRead lets role list the bucket and read every object in it.
func (b *PrivateBucket) GrantRead(role serviceRole) iamrolepolicy.IamRolePolicy {
	return grant(b.construct, role, "read-"+b.grantName,
		PolicyStatement{Sid: "ListObjects", Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: []string{*b.Bucket.Arn()}},
		PolicyStatement{Sid: "ReadObjects", Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: []string{*b.Bucket.Arn() + "/*"}},
	)
}

// GrantWrite lets role write, tag and delete objects and list the bucket:
// what DMS needs of an S3 target, nothing broader.
func (b *PrivateBucket) GrantWrite(role serviceRole) iamrolepolicy.IamRolePolicy {
	return grant(b.construct, role, "write-"+b.grantName,
		PolicyStatement{Sid: "WriteObjects", Effect: "Allow", Action: []string{"s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"}, Resource: []string{*b.Bucket.Arn() + "/*"}},
		PolicyStatement{Sid: "ListObjects", Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: []string{*b.Bucket.Arn()}},
	)
}

// GrantReadObject lets role read one object, by its exact key.
func (b *PrivateBucket) GrantReadObject(role serviceRole, what string, key *string) iamrolepolicy.IamRolePolicy {
	return grant(b.construct, role, "read-"+what,
		PolicyStatement{Sid: "ReadObject", Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: []string{*b.Bucket.Arn() + "/" + *key}},
	)
}
