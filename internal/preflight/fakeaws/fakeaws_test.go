package fakeaws

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// recorder is a TB that keeps what the fake reports.
type recorder struct {
	*testing.T
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestUnknownActionsFailTheTest(t *testing.T) {
	rec := &recorder{T: t}
	srv := Start(rec, Clean())
	cfg := aws.Config{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET"}, nil
		}),
		Retryer: func() aws.Retryer { return aws.NopRetryer{} },
	}
	ctx := context.Background()
	if _, err := dms.NewFromConfig(cfg).DescribeEndpoints(ctx, &dms.DescribeEndpointsInput{}); err == nil {
		t.Error("DMS DescribeEndpoints answered")
	}
	if _, err := rds.NewFromConfig(cfg).DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{}); err == nil {
		t.Error("RDS DescribeDBSnapshots answered")
	}
	got := strings.Join(rec.errors, "\n")
	if !strings.Contains(got, "unknown dms action DescribeEndpoints") || !strings.Contains(got, "unknown rds action DescribeDBSnapshots") {
		t.Errorf("the fake reported: %q", got)
	}
	if reqs := srv.Requests(); len(reqs) != 2 || !strings.HasPrefix(reqs[1], "us-east-1 rds DescribeDBSnapshots") {
		t.Errorf("requests: %q", reqs)
	}
}
