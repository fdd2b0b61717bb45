package dgen

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// FetchSecret reads a secret's string from AWS Secrets Manager. The region
// comes from the ARN when an ARN is given, else from the usual AWS settings.
// AWS_ENDPOINT_URL_SECRETS_MANAGER points it elsewhere (the tests do).
func FetchSecret(ctx context.Context, id string) (string, error) {
	region := ""
	if parts := strings.Split(id, ":"); len(parts) > 3 && parts[0] == "arn" {
		region = parts[3]
	}
	cfg, err := awsConfig(ctx, region)
	if err != nil {
		return "", err
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", id, err)
	}
	if out.SecretString == nil {
		return "", fmt.Errorf("secret %s holds no string", id)
	}
	return *out.SecretString, nil
}

// awsConfig loads the usual AWS settings (environment, profile, instance
// role; AWS_ENDPOINT_URL_* too), in region when one is given.
func awsConfig(ctx context.Context, region string) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("AWS configuration: %w", err)
	}
	return cfg, nil
}

// targetFromSecretID reads a secret in the lab's layout as a connection.
func targetFromSecretID(ctx context.Context, id string) (Target, error) {
	raw, err := FetchSecret(ctx, id)
	if err != nil {
		return Target{}, err
	}
	t, err := TargetFromSecret(raw)
	if err != nil {
		return Target{}, fmt.Errorf("secret %s: %w", id, err)
	}
	return t, nil
}
