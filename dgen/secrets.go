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
	var opts []func(*config.LoadOptions) error
	if parts := strings.Split(id, ":"); len(parts) > 3 && parts[0] == "arn" && parts[3] != "" {
		opts = append(opts, config.WithRegion(parts[3]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return "", fmt.Errorf("AWS configuration: %w", err)
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
