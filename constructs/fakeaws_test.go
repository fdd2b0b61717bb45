package constructs

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAWS is a loopback HTTP server that answers the AWS API calls the AWS
// provider makes while Terraform plans the lab: STS GetCallerIdentity, EC2
// DescribeAvailabilityZones, RDS DescribeDBEngineVersions, IAM ListRoles and
// GetRole (query protocol, XML answers) and SSM GetParameter (JSON 1.1).
// Bodies are shaped like the examples of the AWS API reference. The region
// of a request is read from its SigV4 credential scope, so the source and the
// target provider each get their own region's zones. Every request is logged
// to the test; one the fake does not know fails the test with its service
// and action.
type fakeAWS struct {
	t   testing.TB
	srv *httptest.Server

	// Account is the account id STS reports.
	Account string
	// Roles are the IAM roles that exist in the account.
	Roles []fakeRole
	// Engines are the RDS engine versions offered in every region.
	Engines []fakeEngineVersion
	// Parameters are the SSM parameters, by name, in every region.
	Parameters map[string]string

	mu    sync.Mutex
	calls []string // "service Action", in order
}

// fakeRole is one IAM role of the fake account.
type fakeRole struct {
	Name string
	Path string // "/" when empty
	Tags map[string]string
	// Attached are the ARNs of the managed policies attached to it.
	Attached []string
}

// fakeEngineVersion is one row of DescribeDBEngineVersions.
type fakeEngineVersion struct {
	Engine, Version, Family string
	Created                 time.Time
	// Default marks the version RDS uses for its major version when none is
	// named (DefaultOnly); EngineDefault the engine's default overall.
	Default, EngineDefault bool
	Limitless              bool
}

// fakeAMI is what the fake's SSM returns for the Amazon Linux 2023 parameter.
const fakeAMI = "ami-0fa1ca9559f1892ec"

// Versions the fake's RDS offers. The newest Oracle release update is the
// one "19" + latest must find; Aurora's newest 16.x build is a Limitless
// build (as AWS lists them), so a lookup by creation time alone would pick it.
const (
	fakeOracleLatest  = "19.0.0.0.ru-2025-07.rur-2025-07.r1"
	fakeAuroraDefault = "16.6"
	fakeAuroraNewest  = "16.8"
)

func defaultFakeEngines() []fakeEngineVersion {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			panic(err)
		}
		return d
	}
	return []fakeEngineVersion{
		{Engine: "oracle-se2", Version: "19.0.0.0.ru-2025-01.rur-2025-01.r1", Family: "oracle-se2-19", Created: day("2025-01-24")},
		{Engine: "oracle-se2", Version: "19.0.0.0.ru-2025-04.rur-2025-04.r1", Family: "oracle-se2-19", Created: day("2025-04-22"), Default: true, EngineDefault: true},
		{Engine: "oracle-se2", Version: fakeOracleLatest, Family: "oracle-se2-19", Created: day("2025-07-21")},
		{Engine: "oracle-se2", Version: "21.0.0.0.ru-2025-07.rur-2025-07.r1", Family: "oracle-se2-21", Created: day("2025-07-22"), Default: true},
		{Engine: "aurora-postgresql", Version: "15.10", Family: "aurora-postgresql15", Created: day("2025-01-30"), Default: true},
		{Engine: "aurora-postgresql", Version: "16.4", Family: "aurora-postgresql16", Created: day("2024-09-30")},
		{Engine: "aurora-postgresql", Version: fakeAuroraDefault, Family: "aurora-postgresql16", Created: day("2025-01-30"), Default: true, EngineDefault: true},
		{Engine: "aurora-postgresql", Version: fakeAuroraNewest, Family: "aurora-postgresql16", Created: day("2025-04-10")},
		{Engine: "aurora-postgresql", Version: "16.8-limitless", Family: "aurora-postgresql16", Created: day("2025-06-30"), Limitless: true},
		{Engine: "aurora-postgresql", Version: "17.4", Family: "aurora-postgresql17", Created: day("2025-05-20"), Default: true},
	}
}

// newFakeAWS starts the fake on 127.0.0.1 for the rest of the test.
func newFakeAWS(t testing.TB, roles ...fakeRole) *fakeAWS {
	t.Helper()
	f := &fakeAWS{
		t:       t,
		Account: "123456789012",
		Roles:   roles,
		Engines: defaultFakeEngines(),
		Parameters: map[string]string{
			"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64": fakeAMI,
			"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64":  "ami-0c5777a14602ab4b1",
		},
	}
	// httptest listens on 127.0.0.1 only.
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the endpoint every AWS service of the provider is pointed at.
func (f *fakeAWS) URL() string { return f.srv.URL }

// Calls returns "service Action" of every request so far, in order.
func (f *fakeAWS) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// fakeScopeRE reads region and service from a SigV4 Authorization header.
var fakeScopeRE = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	region, service := "", ""
	if m := fakeScopeRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		region, service = m[1], m[2]
	}
	var action string
	var params url.Values
	var jsonBody map[string]any
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		action = target[strings.LastIndex(target, ".")+1:]
		_ = json.Unmarshal(body, &jsonBody)
	} else {
		params, _ = url.ParseQuery(string(body))
		for k, v := range r.URL.Query() {
			params[k] = append(params[k], v...)
		}
		action = params.Get("Action")
	}
	call := service + " " + action
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.mu.Unlock()
	if jsonBody != nil {
		f.t.Logf("fakeaws: %s %s %s %s %s", r.Method, region, call, r.Header.Get("X-Amz-Target"), body)
	} else {
		f.t.Logf("fakeaws: %s %s %s %s", r.Method, region, call, params.Encode())
	}

	switch call {
	case "sts GetCallerIdentity":
		f.xml(w, "https://sts.amazonaws.com/doc/2011-06-15/", "GetCallerIdentity", fmt.Sprintf(
			"<Arn>arn:aws:iam::%s:user/dmslab-test</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>%s</Account>", f.Account, f.Account))
	case "ec2 DescribeAvailabilityZones":
		f.describeAvailabilityZones(w, region, params)
	case "rds DescribeDBEngineVersions":
		f.describeDBEngineVersions(w, params)
	case "iam ListRoles":
		f.listRoles(w, params)
	case "iam GetRole":
		f.getRole(w, params.Get("RoleName"))
	case "iam ListAttachedRolePolicies":
		f.listAttachedRolePolicies(w, params.Get("RoleName"))
	case "iam ListRolePolicies":
		if f.role(params.Get("RoleName")) == nil {
			f.noSuchRole(w, params.Get("RoleName"))
			return
		}
		f.xml(w, fakeIAMNS, "ListRolePolicies", "<IsTruncated>false</IsTruncated><PolicyNames/>")
	case "ssm GetParameter":
		f.getParameter(w, region, jsonBody)
	default:
		f.t.Errorf("fakeaws: no answer for %s (region %q, %s %s): teach the fake this call", call, region, r.Method, r.URL)
		f.xmlError(w, http.StatusBadRequest, "InvalidAction", "fakeaws does not answer "+call)
	}
}

func (f *fakeAWS) xml(w http.ResponseWriter, ns, action, result string) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
		action, ns, action, result, action, fakeRequestID, action)
}

// xmlError answers in the query protocol's error shape (IAM, STS, RDS);
// the SDK reads Code and Message from it.
func (f *fakeAWS) xmlError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
		code, fakeEsc(message), fakeRequestID)
}

const fakeRequestID = "4ec6a4bd-2f2a-4c77-9c1b-3d0f6e1a2b3c"

func fakeEsc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// fakeFilters reads EC2's Filter.N.Name / Filter.N.Value.M parameters.
func fakeFilters(params url.Values) map[string][]string {
	out := map[string][]string{}
	for i := 1; ; i++ {
		name := params.Get(fmt.Sprintf("Filter.%d.Name", i))
		if name == "" {
			return out
		}
		for j := 1; ; j++ {
			v, ok := params[fmt.Sprintf("Filter.%d.Value.%d", i, j)]
			if !ok {
				break
			}
			out[name] = append(out[name], v...)
		}
	}
}

// describeAvailabilityZones answers with three zones and one Local Zone
// the account has not opted in to, filtered by state and opt-in-status as
// EC2 filters them.
func (f *fakeAWS) describeAvailabilityZones(w http.ResponseWriter, region string, params url.Values) {
	if region == "" {
		f.t.Errorf("fakeaws: DescribeAvailabilityZones without a region in its signature")
	}
	type zone struct{ name, id, typ, optIn, group string }
	short := fakeZoneIDPrefix(region)
	zones := []zone{
		{region + "a", short + "-az1", "availability-zone", "opt-in-not-required", region},
		{region + "b", short + "-az2", "availability-zone", "opt-in-not-required", region},
		{region + "c", short + "-az3", "availability-zone", "opt-in-not-required", region},
		{region + "-lax-1a", short + "-lax1-az1", "local-zone", "not-opted-in", region + "-lax-1"},
	}
	want := fakeFilters(params)
	var items strings.Builder
	for _, z := range zones {
		attrs := map[string]string{"state": "available", "opt-in-status": z.optIn, "zone-type": z.typ, "zone-name": z.name, "zone-id": z.id, "region-name": region, "group-name": z.group}
		match := true
		for name, values := range want {
			v, known := attrs[name]
			if !known {
				f.t.Errorf("fakeaws: DescribeAvailabilityZones filter %q is not modelled", name)
			}
			if !fakeContains(values, v) {
				match = false
			}
		}
		if !match {
			continue
		}
		fmt.Fprintf(&items, "<item><zoneName>%s</zoneName><zoneState>available</zoneState><regionName>%s</regionName><zoneId>%s</zoneId><zoneType>%s</zoneType><optInStatus>%s</optInStatus><groupName>%s</groupName><networkBorderGroup>%s</networkBorderGroup><messageSet/></item>",
			z.name, region, z.id, z.typ, z.optIn, z.group, z.group)
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>%s</requestId><availabilityZoneInfo>%s</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`,
		fakeRequestID, items.String())
}

// fakeZoneIDPrefix turns us-west-2 into usw2, as AWS zone ids read.
func fakeZoneIDPrefix(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	return parts[0] + string(parts[1][0]) + parts[len(parts)-1]
}

func fakeContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// describeDBEngineVersions filters the fake's versions as RDS does: by
// Engine, by EngineVersion (exact, or a major version such as "19" or
// "16"), by DBParameterGroupFamily, and with DefaultOnly the default
// version of the engine, or of the named major version.
func (f *fakeAWS) describeDBEngineVersions(w http.ResponseWriter, params url.Values) {
	for k := range params {
		switch {
		case k == "Action", k == "Version", k == "Engine", k == "EngineVersion", k == "DBParameterGroupFamily",
			k == "DefaultOnly", k == "IncludeAll", k == "ListSupportedCharacterSets", k == "ListSupportedTimezones",
			k == "Marker", k == "MaxRecords":
		default:
			f.t.Errorf("fakeaws: DescribeDBEngineVersions parameter %s=%q is not modelled", k, params.Get(k))
		}
	}
	engine, version, family := params.Get("Engine"), params.Get("EngineVersion"), params.Get("DBParameterGroupFamily")
	defaultOnly := params.Get("DefaultOnly") == "true"
	var rows strings.Builder
	for _, e := range f.Engines {
		if engine != "" && e.Engine != engine {
			continue
		}
		if version != "" && e.Version != version && !strings.HasPrefix(e.Version, version+".") {
			continue
		}
		if family != "" && e.Family != family {
			continue
		}
		if defaultOnly && !(version == "" && e.EngineDefault || version != "" && (e.Default || e.Version == version)) {
			continue
		}
		desc := map[string]string{"oracle-se2": "Oracle Database Standard Edition Two", "aurora-postgresql": "Aurora (PostgreSQL)"}[e.Engine]
		logs := "<member>postgresql</member>"
		if strings.HasPrefix(e.Engine, "oracle") {
			logs = "<member>alert</member><member>audit</member><member>listener</member><member>trace</member>"
		}
		fmt.Fprintf(&rows, "<DBEngineVersion><Engine>%s</Engine><EngineVersion>%s</EngineVersion><DBParameterGroupFamily>%s</DBParameterGroupFamily>"+
			"<DBEngineDescription>%s</DBEngineDescription><DBEngineVersionDescription>%s %s</DBEngineVersionDescription>"+
			"<CreateTime>%s</CreateTime><Status>available</Status><ExportableLogTypes>%s</ExportableLogTypes>"+
			"<SupportsLogExportsToCloudwatchLogs>true</SupportsLogExportsToCloudwatchLogs><SupportsReadReplica>true</SupportsReadReplica>"+
			"<SupportsLimitlessDatabase>%t</SupportsLimitlessDatabase><SupportedEngineModes><member>provisioned</member></SupportedEngineModes>"+
			"<ValidUpgradeTarget/></DBEngineVersion>",
			e.Engine, e.Version, e.Family, desc, desc, e.Version, e.Created.UTC().Format(time.RFC3339), logs, e.Limitless)
	}
	f.xml(w, "http://rds.amazonaws.com/doc/2014-10-31/", "DescribeDBEngineVersions", "<DBEngineVersions>"+rows.String()+"</DBEngineVersions>")
}

func (f *fakeAWS) role(name string) *fakeRole {
	for i := range f.Roles {
		if f.Roles[i].Name == name {
			return &f.Roles[i]
		}
	}
	return nil
}

// roleXML is a Role as ListRoles and GetRole return it: ListRoles leaves
// out tags (AWS documents that it does not return them).
func (f *fakeAWS) roleXML(r fakeRole, withTags bool) string {
	path := r.Path
	if path == "" {
		path = "/"
	}
	policy := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	var tags string
	if withTags && len(r.Tags) > 0 {
		keys := make([]string, 0, len(r.Tags))
		for k := range r.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		tags = "<Tags>"
		for _, k := range keys {
			tags += fmt.Sprintf("<member><Key>%s</Key><Value>%s</Value></member>", fakeEsc(k), fakeEsc(r.Tags[k]))
		}
		tags += "</Tags>"
	}
	id := strings.ToUpper(planHash(r.Name))
	return fmt.Sprintf("<Path>%s</Path><RoleName>%s</RoleName><RoleId>AROA%sEXAMPLE</RoleId><Arn>arn:aws:iam::%s:role%s%s</Arn>"+
		"<CreateDate>2024-03-05T09:12:44Z</CreateDate><AssumeRolePolicyDocument>%s</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>%s",
		fakeEsc(path), fakeEsc(r.Name), id, f.Account, fakeEsc(path), fakeEsc(r.Name), policy, tags)
}

func (f *fakeAWS) listRoles(w http.ResponseWriter, params url.Values) {
	prefix := params.Get("PathPrefix")
	var members strings.Builder
	for _, r := range f.Roles {
		p := r.Path
		if p == "" {
			p = "/"
		}
		if prefix != "" && !strings.HasPrefix(p, prefix) {
			continue
		}
		members.WriteString("<member>" + f.roleXML(r, false) + "</member>")
	}
	f.xml(w, fakeIAMNS, "ListRoles", "<IsTruncated>false</IsTruncated><Roles>"+members.String()+"</Roles>")
}

const fakeIAMNS = "https://iam.amazonaws.com/doc/2010-05-08/"

func (f *fakeAWS) noSuchRole(w http.ResponseWriter, name string) {
	f.xmlError(w, http.StatusNotFound, "NoSuchEntity", fmt.Sprintf("The role with name %s cannot be found.", name))
}

func (f *fakeAWS) getRole(w http.ResponseWriter, name string) {
	r := f.role(name)
	if r == nil {
		f.noSuchRole(w, name)
		return
	}
	f.xml(w, fakeIAMNS, "GetRole", "<Role>"+f.roleXML(*r, true)+"</Role>")
}

func (f *fakeAWS) listAttachedRolePolicies(w http.ResponseWriter, name string) {
	r := f.role(name)
	if r == nil {
		f.noSuchRole(w, name)
		return
	}
	var members strings.Builder
	for _, arn := range r.Attached {
		fmt.Fprintf(&members, "<member><PolicyName>%s</PolicyName><PolicyArn>%s</PolicyArn></member>", fakeEsc(arn[strings.LastIndex(arn, "/")+1:]), fakeEsc(arn))
	}
	f.xml(w, fakeIAMNS, "ListAttachedRolePolicies", "<IsTruncated>false</IsTruncated><AttachedPolicies>"+members.String()+"</AttachedPolicies>")
}

// getParameter answers in the JSON 1.1 protocol, as SSM speaks it.
func (f *fakeAWS) getParameter(w http.ResponseWriter, region string, req map[string]any) {
	name, _ := req["Name"].(string)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	value, ok := f.Parameters[name]
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":"ParameterNotFound","message":"Parameter %s not found."}`, name)
		return
	}
	out, _ := json.Marshal(map[string]any{"Parameter": map[string]any{
		"ARN":              "arn:aws:ssm:" + region + "::parameter" + name,
		"DataType":         "aws:ec2:image",
		"LastModifiedDate": 1.7519328e9,
		"Name":             name,
		"Type":             "String",
		"Value":            value,
		"Version":          112,
	}})
	w.Write(out)
}

// fakeRecorder is a testing.TB that keeps what the fake reports.
type fakeRecorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *fakeRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestFakeAWS checks the fake's answers against the parameters the AWS
// provider sends (as logged from a real plan), without terraform.
func TestFakeAWS(t *testing.T) {
	rec := &fakeRecorder{TB: t}
	f := newFakeAWS(rec, fakeRole{Name: "dms-vpc-role", Tags: map[string]string{"Project": "dmslab"}}, fakeRole{Name: "other", Path: "/service-role/"})
	call := func(region, service, body string, header ...string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, f.URL(), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/"+region+"/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	versions := func(body string) []string {
		t.Helper()
		var out struct {
			Versions []string `xml:"DescribeDBEngineVersionsResult>DBEngineVersions>DBEngineVersion>EngineVersion"`
		}
		if err := xml.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return out.Versions
	}
	const q = "Action=DescribeDBEngineVersions&Version=2014-10-31&ListSupportedCharacterSets=true&ListSupportedTimezones=true"

	_, body := call("us-west-2", "rds", q+"&Engine=oracle-se2&EngineVersion=19&DBParameterGroupFamily=oracle-se2-19")
	if got := versions(body); len(got) != 3 || !fakeContains(got, fakeOracleLatest) {
		t.Errorf("oracle-se2 19: %v, want the three 19 release updates", got)
	}
	_, body = call("us-east-1", "rds", q+"&Engine=aurora-postgresql&EngineVersion=16&DBParameterGroupFamily=aurora-postgresql16&DefaultOnly=true")
	if got := versions(body); len(got) != 1 || got[0] != fakeAuroraDefault {
		t.Errorf("aurora-postgresql 16 default only: %v, want [%s]", got, fakeAuroraDefault)
	}
	_, body = call("us-east-1", "rds", q+"&Engine=aurora-postgresql&EngineVersion=16")
	if got := versions(body); !fakeContains(got, "16.8-limitless") || fakeContains(got, "17.4") || fakeContains(got, "15.10") {
		t.Errorf("aurora-postgresql 16: %v, want every 16 build, Limitless too", got)
	}

	_, body = call("us-west-2", "ec2", "Action=DescribeAvailabilityZones&Version=2016-11-15&Filter.1.Name=state&Filter.1.Value.1=available&Filter.2.Name=opt-in-status&Filter.2.Value.1=opt-in-not-required")
	var zones struct {
		Names []string `xml:"availabilityZoneInfo>item>zoneName"`
	}
	if err := xml.Unmarshal([]byte(body), &zones); err != nil {
		t.Fatal(err)
	}
	if strings.Join(zones.Names, ",") != "us-west-2a,us-west-2b,us-west-2c" {
		t.Errorf("zones of us-west-2 without opt-in: %v", zones.Names)
	}

	_, body = call("us-east-1", "iam", "Action=ListRoles&Version=2010-05-08")
	if !strings.Contains(body, "<RoleName>dms-vpc-role</RoleName>") || !strings.Contains(body, "<RoleName>other</RoleName>") || strings.Contains(body, "<Tags>") {
		t.Errorf("ListRoles lists every role, without tags: %s", body)
	}
	_, body = call("us-east-1", "iam", "Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fservice-role%2F")
	if strings.Contains(body, "dms-vpc-role") || !strings.Contains(body, "<RoleName>other</RoleName>") {
		t.Errorf("ListRoles PathPrefix=/service-role/: %s", body)
	}
	_, body = call("us-east-1", "iam", "Action=GetRole&Version=2010-05-08&RoleName=dms-vpc-role")
	if !strings.Contains(body, "<Key>Project</Key><Value>dmslab</Value>") {
		t.Errorf("GetRole returns the tags: %s", body)
	}
	if status, body := call("us-east-1", "iam", "Action=GetRole&Version=2010-05-08&RoleName=dms-cloudwatch-logs-role"); status != http.StatusNotFound || !strings.Contains(body, "<Code>NoSuchEntity</Code>") {
		t.Errorf("GetRole of a missing role: %d %s", status, body)
	}

	status, body := call("us-west-2", "ssm", `{"Name":"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64","WithDecryption":true}`,
		"X-Amz-Target", "AmazonSSM.GetParameter", "Content-Type", "application/x-amz-json-1.1")
	var param struct{ Parameter struct{ Value, ARN string } }
	if err := json.Unmarshal([]byte(body), &param); err != nil || status != http.StatusOK || param.Parameter.Value != fakeAMI || !strings.HasPrefix(param.Parameter.ARN, "arn:aws:ssm:us-west-2::parameter/aws/") {
		t.Errorf("GetParameter: %d %s", status, body)
	}

	_, body = call("us-east-1", "sts", "Action=GetCallerIdentity&Version=2011-06-15")
	if !strings.Contains(body, "<Account>"+f.Account+"</Account>") {
		t.Errorf("GetCallerIdentity: %s", body)
	}

	if len(rec.errors) != 0 {
		t.Fatalf("the fake failed a call it answers: %v", rec.errors)
	}
	if status, _ := call("us-east-1", "ec2", "Action=DescribeVpcs&Version=2016-11-15"); status != http.StatusBadRequest {
		t.Errorf("an unknown action answered %d", status)
	}
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "ec2 DescribeVpcs") {
		t.Errorf("an unknown action must fail the test with its name: %v", rec.errors)
	}
	if calls := f.Calls(); len(calls) != 11 || calls[0] != "rds DescribeDBEngineVersions" {
		t.Errorf("calls: %v", calls)
	}
}
