package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
)

// fakeSecretsManager speaks the Secrets Manager JSON protocol
// (POST /, X-Amz-Target: secretsmanager.GetSecretValue).
func fakeSecretsManager(t *testing.T, secrets map[string]string) (*httptest.Server, *[]string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in struct{ SecretId string }
		json.Unmarshal(body, &in)
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Amz-Target")+" "+in.SecretId+" "+boolString(strings.Contains(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256")).String())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		value, ok := secrets[in.SecretId]
		if r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue" || !ok {
			w.WriteHeader(400)
			w.Write([]byte(`{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}`))
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + in.SecretId, "Name": in.SecretId, "SecretString": value})
	}))
	t.Cleanup(srv.Close)
	fakeAWSEnv(t, "AWS_ENDPOINT_URL_SECRETS_MANAGER", srv.URL)
	return srv, &seen
}

type boolString bool

func (b boolString) String() string { return strconv.FormatBool(bool(b)) }

func TestSecretIDGivesTheWholeConnection(t *testing.T) {
	dsn := newDB(t)
	u, _ := url.Parse(dsn)
	port, _ := strconv.Atoi(u.Port())
	secret, _ := json.Marshal(connect.DatabaseSecret{Username: "postgres", Password: "test", Host: "127.0.0.1", Port: port, Engine: "postgres", DBName: strings.TrimPrefix(u.Path, "/")})
	_, seen := fakeSecretsManager(t, map[string]string{"dmslab/aurora": string(secret)})

	// The secret alone is the whole connection. The lab's secrets ask for
	// TLS, which this test server does not offer: the refusal shows the
	// connection went to the secret's host with TLS required.
	code, out, errOut := dgenRun(t, nil, "--secret-id", "dmslab/aurora", "info")
	if code != ExitFailure || !strings.Contains(errOut, "connect to postgres://postgres@127.0.0.1:"+u.Port()) || !strings.Contains(errOut, "sslmode=require") || !strings.Contains(errOut, "server refused TLS connection") {
		t.Errorf("exit %d: %s %s", code, out, errOut)
	}
	if len(*seen) == 0 || !strings.HasPrefix((*seen)[0], "secretsmanager.GetSecretValue dmslab/aurora true") {
		t.Fatalf("requests: %v", *seen)
	}

	// With a DSN and no password, only the password comes from the secret.
	mustRun(t, strings.Replace(dsn, "postgres:test@", "postgres@", 1)+"", "--secret-id", "dmslab/aurora", "init")
	code, out, errOut = dgenRun(t, nil, "--dsn", strings.Replace(dsn, "postgres:test@", "postgres@", 1), "--secret-id", "dmslab/aurora", "--json", "info")
	if code != ExitOK || !strings.Contains(out, `"table": "TABLE1"`) {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}

	code, _, errOut = dgenRun(t, nil, "--secret-id", "dmslab/missing", "info")
	if code != ExitFailure || !strings.Contains(errOut, "read secret dmslab/missing") || !strings.Contains(errOut, "ResourceNotFoundException") {
		t.Errorf("missing secret: exit %d, %q", code, errOut)
	}
}
