package constructs

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecret"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretversion"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// CredentialsProps configures NewCredentials.
type CredentialsProps struct {
	// Provider places the secret; DMS reads secrets in its own region, so
	// this is the target provider for both databases. Required.
	Provider provider.AwsProvider
	// SecretName names the secret. Required.
	SecretName string
	// Username is the master user. Required.
	Username cdktf.TerraformVariable
	// Password, when the user sets it, replaces the generated password. Required.
	Password cdktf.TerraformVariable
	// PasswordLength of the generated password; Oracle allows 30. Required.
	PasswordLength int
}

// Credentials is one database's master user: a password (the user's or a
// generated one) and the Secrets Manager secret that DMS and dgen read it from.
type Credentials struct {
	Username *string
	// Password is a Terraform expression; its value never appears in the
	// synthesized JSON, only in state.
	Password  *string
	Secret    secretsmanagersecret.SecretsmanagerSecret
	construct constructs.Construct
	props     *CredentialsProps
}

// NewCredentials chooses the password; call Publish once the database's
// address is known.
func NewCredentials(scope constructs.Construct, id string, props *CredentialsProps) *Credentials {
	c := constructs.NewConstruct(scope, jsii.String(id))
	generated := newRandomPassword(c, "password", props.PasswordLength)
	given := props.Password.StringValue()
	cr := &Credentials{
		Username:  props.Username.StringValue(),
		Password:  cdktf.Token_AsString(cdktf.Fn_Conditional(isSet(given), given, generated.GetStringAttribute(jsii.String("result"))), nil),
		construct: c,
		props:     props,
	}
	cr.Secret = secretsmanagersecret.NewSecretsmanagerSecret(c, jsii.String("secret"), &secretsmanagersecret.SecretsmanagerSecretConfig{
		Provider:    props.Provider,
		Name:        jsii.String(props.SecretName),
		Description: jsii.String("Master credentials of a DMS lab database, in the layout DMS endpoints read."),
		// A lab is torn down and rebuilt; a 7-to-30-day recovery window
		// would block the next deploy from reusing the name.
		RecoveryWindowInDays: jsii.Number(0),
	})
	return cr
}

// Publish writes the secret's value in the layout DMS reads (username,
// password, host, port) plus the engine and database name for dgen.
func (cr *Credentials) Publish(engine string, host *string, port *float64, dbname string) secretsmanagersecretversion.SecretsmanagerSecretVersion {
	value := cdktf.Fn_Jsonencode(&map[string]interface{}{
		"username": cr.Username,
		"password": cr.Password,
		"host":     host,
		"port":     port,
		"engine":   engine,
		"dbname":   dbname,
	})
	return secretsmanagersecretversion.NewSecretsmanagerSecretVersion(cr.construct, jsii.String("value"), &secretsmanagersecretversion.SecretsmanagerSecretVersionConfig{
		Provider:     cr.props.Provider,
		SecretId:     cr.Secret.Id(),
		SecretString: value,
	})
}

// GrantRead lets role read the secret (the host, DMS's secrets role). The
// policy is named <role>-read-<secret name, "/" as "-">.
func (cr *Credentials) GrantRead(role serviceRole) iamrolepolicy.IamRolePolicy {
	return grant(cr.construct, role, "read-"+strings.ReplaceAll(cr.props.SecretName, "/", "-"), PolicyStatement{
		Sid: "ReadCredentials", Effect: "Allow",
		Action:   []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
		Resource: []string{*cr.Secret.Arn()},
	})
}
