package constructs

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// evalTemplate evaluates a synthesized Terraform string as Terraform would
// at apply time, with stand-ins for what only AWS knows: every reference
// a.b.c becomes the string "a.b.c", except an ARN attribute of a DMS task,
// which becomes arn:aws:dms:us-east-1:123456789012:task:<NAME> (so that
// the task's resource identifier is <NAME>; likewise a serverless
// replication's ARN), and the regions, which are the variables' defaults.
func evalTemplate(t *testing.T, template string) string {
	t.Helper()
	expr, diags := hclsyntax.ParseTemplate([]byte(template), "synthesized", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("does not parse: %v", diags)
	}
	tree := map[string]any{}
	vars := map[string]cty.Value{"target_region": cty.StringVal("us-east-1"), "source_region": cty.StringVal("us-west-2")}
	for _, tr := range expr.Variables() {
		if tr.RootName() == "var" {
			continue
		}
		path := []string{tr.RootName()}
		for _, step := range tr[1:] {
			a, ok := step.(hcl.TraverseAttr)
			if !ok {
				t.Fatalf("unexpected reference %v", tr)
			}
			path = append(path, a.Name)
		}
		value := strings.Join(path, ".")
		if len(path) == 3 && path[0] == "aws_dms_replication_task" && path[2] == "replication_task_arn" {
			value = "arn:aws:dms:us-east-1:123456789012:task:" + strings.ToUpper(path[1])
		}
		// A serverless replication's ARN ends with its resource identifier,
		// which the lab sets: the stand-in is the construct name.
		if len(path) == 3 && path[0] == "aws_dms_replication_config" && path[2] == "arn" {
			value = "arn:aws:dms:us-east-1:123456789012:replication-config:" + strings.ToUpper(path[1])
		}
		node := tree
		for _, p := range path[:len(path)-1] {
			next, _ := node[p].(map[string]any)
			if next == nil {
				next = map[string]any{}
				node[p] = next
			}
			node = next
		}
		node[path[len(path)-1]] = cty.StringVal(value)
	}
	var toCty func(n map[string]any) cty.Value
	toCty = func(n map[string]any) cty.Value {
		attrs := map[string]cty.Value{}
		for k, v := range n {
			if m, ok := v.(map[string]any); ok {
				attrs[k] = toCty(m)
			} else {
				attrs[k] = v.(cty.Value)
			}
		}
		return cty.ObjectVal(attrs)
	}
	variables := map[string]cty.Value{"var": cty.ObjectVal(vars)}
	for root, n := range tree {
		variables[root] = toCty(n.(map[string]any))
	}
	ctx := &hcl.EvalContext{Variables: variables, Functions: map[string]function.Function{
		"jsonencode": stdlib.JSONEncodeFunc, "element": stdlib.ElementFunc, "split": stdlib.SplitFunc, "format": stdlib.FormatFunc,
	}}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		t.Fatalf("does not evaluate: %v", diags)
	}
	return v.AsString()
}

// taskResourceIDs maps each task's label to the resource identifier its
// stand-in ARN carries.
func taskResourceIDs(t *testing.T) map[string]string {
	out := map[string]string{}
	for name, task := range resources(t, "aws_dms_replication_task") {
		label := strings.TrimPrefix(str(task["replication_task_id"]), "dmslab-")
		out[label] = strings.ToUpper(name)
	}
	return out
}

type metricLine struct {
	namespace, name string
	dims            map[string]string
}

func (m metricLine) String() string {
	var d []string
	for k, v := range m.dims {
		d = append(d, k+"="+v)
	}
	sort.Strings(d)
	return m.namespace + " " + m.name + " " + strings.Join(d, ",")
}

func TestTheDashboardNamesExactlyWhatDMSAndRDSPublish(t *testing.T) {
	_, dash := one(t, "aws_cloudwatch_dashboard")
	if dash["dashboard_name"] != "dmslab-dms-lab" {
		t.Errorf("dashboard name %v", dash["dashboard_name"])
	}
	var body struct {
		Widgets []struct {
			Type       string
			Properties struct {
				Region  string
				Metrics [][]string
			}
		}
	}
	if err := json.Unmarshal([]byte(evalTemplate(t, str(dash["dashboard_body"]))), &body); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{} // metric line -> region
	for _, w := range body.Widgets {
		if w.Type != "metric" {
			t.Errorf("widget type %q", w.Type)
		}
		for _, m := range w.Properties.Metrics {
			if len(m)%2 != 0 {
				t.Fatalf("metric %v: namespace, name, then dimension pairs", m)
			}
			l := metricLine{namespace: m[0], name: m[1], dims: map[string]string{}}
			for i := 2; i < len(m); i += 2 {
				l.dims[m[i]] = m[i+1]
			}
			got[l.String()] = w.Properties.Region
		}
	}
	want := map[string]string{}
	for _, rid := range taskResourceIDs(t) {
		for _, name := range TaskMetrics {
			l := metricLine{"AWS/DMS", name, map[string]string{"ReplicationInstanceIdentifier": "dmslab-dms", "ReplicationTaskIdentifier": rid}}
			want[l.String()] = "us-east-1"
		}
	}
	for _, name := range InstanceMetrics {
		want[metricLine{"AWS/DMS", name, map[string]string{"ReplicationInstanceIdentifier": "dmslab-dms"}}.String()] = "us-east-1"
	}
	for _, name := range []string{"CPUUtilization", "DatabaseConnections"} {
		want[metricLine{"AWS/RDS", name, map[string]string{"DBInstanceIdentifier": "dmslab-oracle"}}.String()] = "us-west-2"
		want[metricLine{"AWS/RDS", name, map[string]string{"DBInstanceIdentifier": "dmslab-aurora-writer"}}.String()] = "us-east-1"
	}
	if len(want) != 2*7+3+4 {
		t.Fatalf("want %d lines", len(want))
	}
	for l, region := range want {
		if got[l] != region {
			t.Errorf("missing or in region %q: %s (want %s)", got[l], l, region)
		}
	}
	for l := range got {
		if _, ok := want[l]; !ok {
			t.Errorf("unexpected metric %s", l)
		}
	}
	// The names in the lab are the ones its resources carry.
	_, inst := one(t, "aws_dms_replication_instance")
	_, oracle := one(t, "aws_db_instance")
	_, writer := one(t, "aws_rds_cluster_instance")
	if inst["replication_instance_id"] != "dmslab-dms" || oracle["identifier"] != "dmslab-oracle" || writer["identifier"] != "dmslab-aurora-writer" {
		t.Errorf("identifiers %v %v %v", inst["replication_instance_id"], oracle["identifier"], writer["identifier"])
	}
	url := evalTemplate(t, str(at(t, synthesized, "output", "dashboard_url", "value")))
	if url != "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=dmslab-dms-lab" {
		t.Errorf("dashboard_url = %s", url)
	}
}

func TestAlarmsWatchEachTasksCDCLatencyAndNotifyTheTopic(t *testing.T) {
	_, topic := one(t, "aws_sns_topic")
	topicAddr := addrOf(t, "aws_sns_topic", func(map[string]any) bool { return true })
	rids := taskResourceIDs(t)
	seen := map[string]bool{}
	for _, a := range resources(t, "aws_cloudwatch_metric_alarm") {
		dims := a["dimensions"].(map[string]any)
		rid := evalTemplate(t, str(dims["ReplicationTaskIdentifier"]))
		key := fmt.Sprintf("%s %s", rid, a["metric_name"])
		seen[key] = true
		if a["namespace"] != "AWS/DMS" || dims["ReplicationInstanceIdentifier"] != "dmslab-dms" || a["threshold"] != 300.0 ||
			a["comparison_operator"] != "GreaterThanThreshold" || a["treat_missing_data"] != "notBreaching" {
			t.Errorf("alarm %v", a)
		}
		for _, k := range []string{"alarm_actions", "ok_actions"} {
			if at(t, a, k, 0) != "${"+topicAddr+".arn}" {
				t.Errorf("%s %s = %v", a["alarm_name"], k, a[k])
			}
		}
	}
	for _, rid := range rids {
		for _, m := range []string{"CDCLatencySource", "CDCLatencyTarget"} {
			if !seen[rid+" "+m] {
				t.Errorf("no %s alarm for task %s", m, rid)
			}
		}
	}
	if len(seen) != 4 {
		t.Errorf("%d alarms", len(seen))
	}
	if topic["name"] != "dmslab-alerts" {
		t.Errorf("topic %v", topic["name"])
	}
	// The threshold comes from lab.json.
	alarms := 0
	for _, r := range resourcesIn(other(t)) {
		if r["metric_name"] == "CDCLatencySource" {
			alarms++
		}
	}
	if alarms != 2 {
		t.Errorf("the other lab has %d source-latency alarms", alarms)
	}
}

func TestDMSEventsAndAlarmsMayPublishAndEmailIsOptional(t *testing.T) {
	subs := map[string]map[string]any{}
	for _, s := range resources(t, "aws_dms_event_subscription") {
		subs[str(s["source_type"])] = s
	}
	task, inst := subs["replication-task"], subs["replication-instance"]
	if task == nil || inst == nil {
		t.Fatalf("subscriptions %v", subs)
	}
	cats := func(s map[string]any) string {
		var out []string
		for _, c := range s["event_categories"].([]any) {
			out = append(out, str(c))
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	if cats(task) != "failure,state change" || cats(inst) != "failure,low storage" {
		t.Errorf("categories %s / %s", cats(task), cats(inst))
	}
	for _, id := range task["source_ids"].([]any) {
		if !strings.HasPrefix(str(id), "${aws_dms_replication_task.") || !strings.HasSuffix(str(id), ".replication_task_id}") {
			t.Errorf("task subscription source %v", id)
		}
	}
	if len(task["source_ids"].([]any)) != 2 || !strings.HasSuffix(str(at(t, inst, "source_ids", 0)), ".replication_instance_id}") {
		t.Errorf("sources %v / %v", task["source_ids"], inst["source_ids"])
	}
	_, policy := one(t, "aws_sns_topic_policy")
	doc := evalTemplate(t, str(policy["policy"]))
	var p struct {
		Statement []struct {
			Effect, Action string
			Principal      struct{ Service []string }
			Condition      map[string]map[string]string
		}
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	st := p.Statement[0]
	sort.Strings(st.Principal.Service)
	if len(p.Statement) != 1 || st.Action != "sns:Publish" || strings.Join(st.Principal.Service, ",") != "cloudwatch.amazonaws.com,dms.amazonaws.com" ||
		!strings.Contains(st.Condition["StringEquals"]["aws:SourceAccount"], "aws_caller_identity") {
		t.Errorf("topic policy %s", doc)
	}
	_, email := one(t, "aws_sns_topic_subscription")
	if email["protocol"] != "email" || email["endpoint"] != "${var.alert_email}" || !strings.Contains(str(email["count"]), "length(var.alert_email) >= 1") {
		t.Errorf("email subscription %v", email)
	}
	v := at(t, synthesized, "variable", "alert_email").(map[string]any)
	if v["default"] != "" || len(v["validation"].([]any)) != 1 {
		t.Errorf("alert_email %v", v)
	}
}
