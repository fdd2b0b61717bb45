package connect

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// SecretRegion is the region in a secret's ARN, "" when id is a name.
func SecretRegion(id string) string {
	if parts := strings.Split(id, ":"); len(parts) > 3 && parts[0] == "arn" {
		return parts[3]
	}
	return ""
}

// ReadSecret reads a secret's string from AWS Secrets Manager.
func ReadSecret(ctx context.Context, cfg aws.Config, id string) (string, error) {
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", id, err)
	}
	if out.SecretString == nil {
		return "", fmt.Errorf("secret %s holds no string", id)
	}
	return *out.SecretString, nil
}

// FromSecretID reads a secret in the lab's layout as a connection.
func FromSecretID(ctx context.Context, cfg aws.Config, id string) (DSN, error) {
	raw, err := ReadSecret(ctx, cfg, id)
	if err != nil {
		return DSN{}, err
	}
	d, err := FromSecret(raw)
	if err != nil {
		return DSN{}, fmt.Errorf("secret %s: %w", id, err)
	}
	return d, nil
}
