// Package fakeaws is a local HTTP server that answers, for the preflight's
// tests, the AWS calls the preflight makes, in each API's wire protocol:
// STS, RDS, IAM and EC2 in the query protocol with XML answers, DMS and
// Service Quotas in JSON 1.1 (X-Amz-Target), S3 in REST. The answers are
// shaped like the examples in the API references and come from an Account
// the test describes. Every request is logged with the test's Logf; an
// action the fake does not know fails the test.
package fakeaws

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// TB is the part of testing.TB the fake uses.
type TB interface {
	Helper()
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	Cleanup(func())
}

// DMSOffer is an orderable replication instance class and engine version.
type DMSOffer struct {
	Class, Version string
	Release        string // "prod" unless set
}

// DMSEngine is a replication engine version as DescribeEngineVersions shows it.
type DMSEngine struct {
	Version, Lifecycle string // Lifecycle: ACTIVE, DEFAULT_VERSION, DEPRECATED
	Deprecation        time.Time
}

// RDSVersion is an engine version RDS offers in a region.
type RDSVersion struct {
	Engine, Version, Family string
	// Default marks the release DescribeDBEngineVersions DefaultOnly
	// answers for its family.
	Default bool
}

// RDSOption is an orderable DB instance option.
type RDSOption struct {
	Engine, Version, Class, License, Storage string
}

// Account is what the fake account holds.
type Account struct {
	ID, ARN string
	// RejectCredentials makes STS answer InvalidClientTokenId.
	RejectCredentials bool

	// DMS, in any region asked.
	DMSOffers    []DMSOffer
	DMSEngines   []DMSEngine
	DMSInstances []string // replication instance identifiers
	// DMSReplicationConfigs are DMS Serverless replication configuration
	// identifiers.
	DMSReplicationConfigs []string

	// RDS, by region.
	RDSVersions  map[string][]RDSVersion
	RDSOptions   map[string][]RDSOption
	RDSInstances map[string][]string
	RDSClusters  map[string][]string

	Roles []string // IAM role names

	// Buckets maps a bucket name to the status HeadBucket answers for it
	// (200: the caller's, 403: another account's); others are 404.
	Buckets map[string]int

	VPCs        map[string]int     // VPCs per region
	VPCQuota    map[string]float64 // VPCs-per-region quota; absent: NoSuchResourceException
	QuotaDenied bool               // Service Quotas answers AccessDeniedException
}

// Clean is an account where the default lab can deploy: everything
// orderable in us-west-2 and us-east-1, no DMS roles, quota room.
func Clean() *Account {
	oracle := func(region string) []RDSOption {
		var out []RDSOption
		for _, v := range []string{"19.0.0.0.ru-2025-04.rur-2025-04.r1", "19.0.0.0.ru-2025-07.rur-2025-07.r1"} {
			for _, c := range []string{"db.t3.small", "db.t3.medium", "db.m5.large"} {
				out = append(out, RDSOption{"oracle-se2", v, c, "license-included", "gp2"}, RDSOption{"oracle-se2", v, c, "license-included", "gp3"})
			}
		}
		return out
	}
	aurora := func() []RDSOption {
		var out []RDSOption
		for _, v := range []string{"16.6", "16.8", "16.9"} {
			for _, c := range []string{"db.t4g.medium", "db.t3.medium", "db.r6g.large"} {
				out = append(out, RDSOption{"aurora-postgresql", v, c, "postgresql-license", "aurora"})
			}
		}
		return out
	}
	versions := []RDSVersion{
		{"oracle-se2", "19.0.0.0.ru-2025-04.rur-2025-04.r1", "oracle-se2-19", true},
		{"oracle-se2", "19.0.0.0.ru-2025-07.rur-2025-07.r1", "oracle-se2-19", false},
		{"aurora-postgresql", "15.10", "aurora-postgresql15", true},
		{"aurora-postgresql", "16.6", "aurora-postgresql16", false},
		{"aurora-postgresql", "16.8", "aurora-postgresql16", true},
		{"aurora-postgresql", "16.9", "aurora-postgresql16", false},
		// Listed beside the 16.x builds, and newer; the lab must not pick it.
		{"aurora-postgresql", "16.10-limitless", "aurora-postgresql16-limitless", false},
	}
	return &Account{
		ID:  "123456789012",
		ARN: "arn:aws:iam::123456789012:user/alice",
		DMSOffers: []DMSOffer{
			{Class: "dms.t3.micro", Version: "3.5.4"}, {Class: "dms.t3.micro", Version: "3.6.1"},
			{Class: "dms.t3.small", Version: "3.5.4"}, {Class: "dms.t3.small", Version: "3.6.1"},
			{Class: "dms.t3.medium", Version: "3.6.1"}, {Class: "dms.c5.large", Version: "3.6.1"},
		},
		DMSEngines: []DMSEngine{
			{Version: "3.5.4", Lifecycle: "ACTIVE", Deprecation: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)},
			{Version: "3.6.1", Lifecycle: "DEFAULT_VERSION"},
		},
		RDSVersions: map[string][]RDSVersion{"us-west-2": versions, "us-east-1": versions},
		RDSOptions:  map[string][]RDSOption{"us-west-2": append(oracle("us-west-2"), aurora()...), "us-east-1": append(oracle("us-east-1"), aurora()...)},
		Buckets:     map[string]int{},
		VPCs:        map[string]int{"us-west-2": 1, "us-east-1": 2},
		VPCQuota:    map[string]float64{"us-west-2": 5, "us-east-1": 5},
	}
}

// Server is the running fake.
type Server struct {
	URL string

	mu       sync.Mutex
	account  *Account
	requests []string
	t        TB
}

// Start serves account on loopback until the test ends.
func Start(t TB, account *Account) *Server {
	t.Helper()
	s := &Server{account: account, t: t}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Requests lists the requests received so far, one line each:
// "region service Action key=value ...".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

var scope = regexp.MustCompile(`Credential=[^/]+/[0-9]+/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	region, service := "?", "?"
	if m := scope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		region, service = m[1], m[2]
	}
	a := s.account
	switch target := r.Header.Get("X-Amz-Target"); {
	case strings.HasPrefix(target, "AmazonDMSv20160101."):
		s.jsonCall(w, region, "dms", strings.TrimPrefix(target, "AmazonDMSv20160101."), body, s.dms)
	case strings.HasPrefix(target, "ServiceQuotasV20190624."):
		s.jsonCall(w, region, "servicequotas", strings.TrimPrefix(target, "ServiceQuotasV20190624."), body, s.quotas)
	case service == "s3":
		bucket := strings.Trim(r.URL.Path, "/")
		s.log("%s s3 %s /%s", region, r.Method, bucket)
		if r.Method != http.MethodHead || bucket == "" || strings.Contains(bucket, "/") {
			s.t.Errorf("fake AWS: unexpected S3 request %s %s", r.Method, r.URL)
			w.WriteHeader(400)
			return
		}
		w.Header().Set("x-amz-request-id", "4442587FB7D0A2F9")
		status, ok := a.Buckets[bucket]
		if !ok {
			status = 404
		}
		if status == 200 {
			w.Header().Set("x-amz-bucket-region", region)
		}
		w.WriteHeader(status)
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("Action") == "" {
			s.t.Errorf("fake AWS: a request that is neither JSON, S3 nor query: %s %s (%s)", r.Method, r.URL, body)
			w.WriteHeader(400)
			return
		}
		s.queryCall(w, region, service, form)
	}
}

func (s *Server) log(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.requests = append(s.requests, line)
	s.mu.Unlock()
	s.t.Logf("fake AWS <- %s", line)
}

// --- JSON 1.1 ---

type jsonHandler func(region, action string, in map[string]any) (status int, out any)

func (s *Server) jsonCall(w http.ResponseWriter, region, service, action string, body []byte, h jsonHandler) {
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		s.t.Errorf("fake AWS: %s %s: body is not JSON: %s", service, action, body)
	}
	s.log("%s %s %s %s", region, service, action, compact(body))
	status, out := h(region, action, in)
	if status == 0 {
		s.t.Errorf("fake AWS: unknown %s action %s", service, action)
		status, out = 400, jsonError("UnknownOperationException", "the fake does not know "+action)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("x-amzn-RequestId", "9bb9da1c-3f44-4bb8-ae2c-6a2d4e4f0c6a")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(out)
}

func jsonError(kind, message string) map[string]any {
	return map[string]any{"__type": kind, "message": message}
}

func compact(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if s == "{}" || s == "" {
		return ""
	}
	return s
}

func (s *Server) dms(region, action string, in map[string]any) (int, any) {
	a := s.account
	switch action {
	case "DescribeOrderableReplicationInstances":
		var list []map[string]any
		for _, o := range a.DMSOffers {
			release := o.Release
			if release == "" {
				release = "prod"
			}
			included := 50
			if !strings.HasPrefix(o.Class, "dms.t") {
				included = 100
			}
			list = append(list, map[string]any{
				"EngineVersion": o.Version, "ReplicationInstanceClass": o.Class, "StorageType": "gp2",
				"MinAllocatedStorage": 5, "MaxAllocatedStorage": 6144, "DefaultAllocatedStorage": 50,
				"IncludedAllocatedStorage": included, "AvailabilityZones": []string{region + "a", region + "b", region + "c"},
				"ReleaseStatus": release,
			})
		}
		return 200, map[string]any{"OrderableReplicationInstances": list}
	case "DescribeEngineVersions":
		var list []map[string]any
		for _, e := range a.DMSEngines {
			v := map[string]any{"Version": e.Version, "Lifecycle": e.Lifecycle, "ReleaseStatus": "prod",
				"LaunchDate": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), "AvailableUpgrades": []string{}}
			if !e.Deprecation.IsZero() {
				v["DeprecationDate"] = e.Deprecation.Unix()
			}
			list = append(list, v)
		}
		return 200, map[string]any{"EngineVersions": list}
	case "DescribeReplicationInstances":
		ids := filterValues(in, "replication-instance-id")
		var list []map[string]any
		for _, id := range a.DMSInstances {
			if ids == nil || slices.Contains(ids, id) {
				list = append(list, map[string]any{
					"ReplicationInstanceIdentifier": id, "ReplicationInstanceClass": "dms.t3.small",
					"ReplicationInstanceStatus": "available", "EngineVersion": "3.6.1",
					"ReplicationInstanceArn": "arn:aws:dms:" + region + ":" + a.ID + ":rep:" + strings.ToUpper(strings.ReplaceAll(id, "-", "")),
				})
			}
		}
		if len(list) == 0 {
			return 400, jsonError("ResourceNotFoundFault", "No replication instance found matching the given filters")
		}
		return 200, map[string]any{"ReplicationInstances": list}
	case "DescribeReplicationConfigs":
		ids := filterValues(in, "replication-config-id")
		list := []map[string]any{}
		for i, id := range a.DMSReplicationConfigs {
			if ids == nil || slices.Contains(ids, id) {
				list = append(list, map[string]any{
					"ReplicationConfigIdentifier": id, "ReplicationType": "full-load-and-cdc",
					"ReplicationConfigArn":        fmt.Sprintf("arn:aws:dms:%s:%s:replication-config:res-%d", region, a.ID, i),
					"ComputeConfig":               map[string]any{"MinCapacityUnits": 1, "MaxCapacityUnits": 4, "MultiAZ": false, "ReplicationSubnetGroupId": "dmslab-dms"},
					"ReplicationConfigCreateTime": time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix(),
				})
			}
		}
		return 200, map[string]any{"ReplicationConfigs": list}
	}
	return 0, nil
}

// filterValues reads a DMS Filters list; nil when the filter is absent.
func filterValues(in map[string]any, name string) []string {
	fs, _ := in["Filters"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		if m["Name"] == name {
			var out []string
			vs, _ := m["Values"].([]any)
			for _, v := range vs {
				out = append(out, fmt.Sprint(v))
			}
			return out
		}
	}
	return nil
}

func (s *Server) quotas(region, action string, in map[string]any) (int, any) {
	a := s.account
	switch action {
	case "GetServiceQuota", "GetAWSDefaultServiceQuota":
		if in["ServiceCode"] != "vpc" || in["QuotaCode"] != "L-F678F1CE" {
			s.t.Errorf("fake AWS: quota asked for %v/%v", in["ServiceCode"], in["QuotaCode"])
		}
		if a.QuotaDenied {
			return 400, jsonError("AccessDeniedException", "User: "+a.ARN+" is not authorized to perform: servicequotas:"+action)
		}
		v, ok := a.VPCQuota[region]
		if action == "GetAWSDefaultServiceQuota" {
			v, ok = 5, true
		}
		if !ok {
			return 400, jsonError("NoSuchResourceException", "The request failed because the specified service quota does not exist.")
		}
		return 200, map[string]any{"Quota": map[string]any{
			"ServiceCode": "vpc", "ServiceName": "Amazon Virtual Private Cloud (Amazon VPC)",
			"QuotaArn": "arn:aws:servicequotas:" + region + ":" + a.ID + ":vpc/L-F678F1CE", "QuotaCode": "L-F678F1CE",
			"QuotaName": "VPCs per Region", "Value": v, "Unit": "None", "Adjustable": true, "GlobalQuota": false,
		}}
	}
	return 0, nil
}

// --- query protocol, XML answers ---

var namespaces = map[string]string{
	"sts": "https://sts.amazonaws.com/doc/2011-06-15/",
	"rds": "http://rds.amazonaws.com/doc/2014-10-31/",
	"iam": "https://iam.amazonaws.com/doc/2010-05-08/",
	"ec2": "http://ec2.amazonaws.com/doc/2016-11-15/",
}

func (s *Server) queryCall(w http.ResponseWriter, region, service string, form url.Values) {
	action := form.Get("Action")
	var params []string
	for k := range form {
		if k != "Action" && k != "Version" {
			params = append(params, k+"="+form.Get(k))
		}
	}
	sort.Strings(params)
	s.log("%s %s %s %s", region, service, action, strings.Join(params, " "))

	var status int
	var result, code, message string
	switch service {
	case "sts":
		status, result, code, message = s.sts(action)
	case "rds":
		status, result, code, message = s.rds(region, action, form)
	case "iam":
		status, result, code, message = s.iam(action, form)
	case "ec2":
		status, result, code, message = s.ec2(region, action)
	}
	if status == 0 {
		s.t.Errorf("fake AWS: unknown %s action %s", service, action)
		status, code, message = 400, "InvalidAction", "the fake does not know "+action
	}
	ns := namespaces[service]
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	const requestID = "c6104cbe-af31-11e0-8154-cbc7ccf896c7"
	switch {
	case code != "" && service == "ec2":
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`, code, html.EscapeString(message), requestID)
	case code != "":
		fmt.Fprintf(w, `<ErrorResponse xmlns="%s">
  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
  <RequestId>%s</RequestId>
</ErrorResponse>`, ns, code, html.EscapeString(message), requestID)
	case service == "ec2":
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<%sResponse xmlns="%s">
  <requestId>%s</requestId>
  %s
</%sResponse>`, action, ns, requestID, result, action)
	default:
		fmt.Fprintf(w, `<%sResponse xmlns="%s">
  <%sResult>
%s
  </%sResult>
  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
</%sResponse>`, action, ns, action, result, action, requestID, action)
	}
}

func (s *Server) sts(action string) (int, string, string, string) {
	a := s.account
	if action != "GetCallerIdentity" {
		return 0, "", "", ""
	}
	if a.RejectCredentials {
		return 403, "", "InvalidClientTokenId", "The security token included in the request is invalid."
	}
	return 200, fmt.Sprintf(`    <Arn>%s</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>%s</Account>`, a.ARN, a.ID), "", ""
}

func (s *Server) rds(region, action string, form url.Values) (int, string, string, string) {
	a := s.account
	var b strings.Builder
	switch action {
	case "DescribeDBEngineVersions":
		b.WriteString("    <DBEngineVersions>\n")
		for _, v := range a.RDSVersions[region] {
			if v.Engine != form.Get("Engine") ||
				form.Get("EngineVersion") != "" && v.Version != form.Get("EngineVersion") ||
				form.Get("DBParameterGroupFamily") != "" && v.Family != form.Get("DBParameterGroupFamily") ||
				form.Get("DefaultOnly") == "true" && !v.Default {
				continue
			}
			fmt.Fprintf(&b, `      <DBEngineVersion>
        <Engine>%s</Engine>
        <EngineVersion>%s</EngineVersion>
        <DBParameterGroupFamily>%s</DBParameterGroupFamily>
        <DBEngineDescription>%s</DBEngineDescription>
        <Status>available</Status>
        <SupportedEngineModes><member>provisioned</member></SupportedEngineModes>
        <SupportsLogExportsToCloudwatchLogs>true</SupportsLogExportsToCloudwatchLogs>
      </DBEngineVersion>
`, v.Engine, v.Version, v.Family, v.Engine)
		}
		b.WriteString("    </DBEngineVersions>")
		return 200, b.String(), "", ""
	case "DescribeOrderableDBInstanceOptions":
		if form.Get("Engine") == "" {
			return 400, "", "MissingParameter", "The request must contain the parameter Engine"
		}
		b.WriteString("    <OrderableDBInstanceOptions>\n")
		for _, o := range a.RDSOptions[region] {
			if o.Engine != form.Get("Engine") ||
				form.Get("EngineVersion") != "" && o.Version != form.Get("EngineVersion") ||
				form.Get("DBInstanceClass") != "" && o.Class != form.Get("DBInstanceClass") ||
				form.Get("LicenseModel") != "" && o.License != form.Get("LicenseModel") {
				continue
			}
			fmt.Fprintf(&b, `      <OrderableDBInstanceOption>
        <Engine>%s</Engine>
        <EngineVersion>%s</EngineVersion>
        <DBInstanceClass>%s</DBInstanceClass>
        <LicenseModel>%s</LicenseModel>
        <StorageType>%s</StorageType>
        <AvailabilityZones>
          <AvailabilityZone><Name>%sa</Name></AvailabilityZone>
          <AvailabilityZone><Name>%sb</Name></AvailabilityZone>
        </AvailabilityZones>
        <MultiAZCapable>true</MultiAZCapable>
        <Vpc>true</Vpc>
        <MinStorageSize>20</MinStorageSize>
        <MaxStorageSize>65536</MaxStorageSize>
      </OrderableDBInstanceOption>
`, o.Engine, o.Version, o.Class, o.License, o.Storage, region, region)
		}
		b.WriteString("    </OrderableDBInstanceOptions>")
		return 200, b.String(), "", ""
	case "DescribeDBInstances":
		id := form.Get("DBInstanceIdentifier")
		if !slices.Contains(a.RDSInstances[region], id) {
			return 404, "", "DBInstanceNotFound", "DBInstance " + id + " not found."
		}
		return 200, fmt.Sprintf(`    <DBInstances>
      <DBInstance>
        <DBInstanceIdentifier>%s</DBInstanceIdentifier>
        <DBInstanceClass>db.t3.small</DBInstanceClass>
        <Engine>oracle-se2</Engine>
        <DBInstanceStatus>available</DBInstanceStatus>
      </DBInstance>
    </DBInstances>`, id), "", ""
	case "DescribeDBClusters":
		id := form.Get("DBClusterIdentifier")
		if !slices.Contains(a.RDSClusters[region], id) {
			return 404, "", "DBClusterNotFoundFault", "DBCluster " + id + " not found."
		}
		return 200, fmt.Sprintf(`    <DBClusters>
      <DBCluster>
        <DBClusterIdentifier>%s</DBClusterIdentifier>
        <Engine>aurora-postgresql</Engine>
        <Status>available</Status>
      </DBCluster>
    </DBClusters>`, id), "", ""
	}
	return 0, "", "", ""
}

func (s *Server) iam(action string, form url.Values) (int, string, string, string) {
	a := s.account
	if action != "GetRole" {
		return 0, "", "", ""
	}
	name := form.Get("RoleName")
	if !slices.Contains(a.Roles, name) {
		return 404, "", "NoSuchEntity", "The role with name " + name + " cannot be found."
	}
	return 200, fmt.Sprintf(`    <Role>
      <Path>/</Path>
      <RoleName>%s</RoleName>
      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
      <Arn>arn:aws:iam::%s:role/%s</Arn>
      <CreateDate>2019-04-18T05:01:58Z</CreateDate>
      <AssumeRolePolicyDocument>%%7B%%22Version%%22%%3A%%222012-10-17%%22%%7D</AssumeRolePolicyDocument>
      <MaxSessionDuration>3600</MaxSessionDuration>
    </Role>`, name, a.ID, name), "", ""
}

func (s *Server) ec2(region, action string) (int, string, string, string) {
	a := s.account
	if action != "DescribeVpcs" {
		return 0, "", "", ""
	}
	var b strings.Builder
	b.WriteString("<vpcSet>\n")
	for i := range a.VPCs[region] {
		fmt.Fprintf(&b, `    <item>
      <vpcId>vpc-0%07d</vpcId>
      <ownerId>%s</ownerId>
      <state>available</state>
      <cidrBlock>10.%d.0.0/16</cidrBlock>
      <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
      <instanceTenancy>default</instanceTenancy>
      <isDefault>%t</isDefault>
    </item>
`, i+1, a.ID, 100+i, i == 0)
	}
	b.WriteString("  </vpcSet>")
	return 200, b.String(), "", ""
}
