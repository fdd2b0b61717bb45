package constructs

import (
	"encoding/json"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchdashboard"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmseventsubscription"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopic"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicsubscription"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// DMS task metrics, as the DMS User Guide's "Monitoring AWS DMS tasks"
// (Replication task metrics) lists them, in namespace AWS/DMS with the
// dimensions ReplicationInstanceIdentifier (the instance's name) and
// ReplicationTaskIdentifier: the task's resource identifier, the last part
// of its ARN, not its name.
var TaskMetrics = []string{
	"CDCLatencySource", "CDCLatencyTarget", "CDCIncomingChanges",
	"CDCChangesDiskSource", "CDCChangesDiskTarget",
	"CDCThroughputRowsTarget", "FullLoadThroughputRowsTarget",
}

// InstanceMetrics are the replication instance's, dimensioned by
// ReplicationInstanceIdentifier alone.
var InstanceMetrics = []string{"CPUUtilization", "FreeableMemory", "FreeStorageSpace"}

// ServerlessMetrics are what the DMS User Guide ("AWS DMS Serverless
// components", serverless replication metrics) lists for a serverless
// replication. It does not name their dimension; deployments report
// ReplicationConfigId = "<account id>:<resource id>", which the alarms and
// dashboard use (ServerlessDimension). dgen status looks the series up by
// listing the metrics instead, so it finds them under either naming.
var ServerlessMetrics = []string{
	"CapacityUtilization", "CDCIncomingChanges", "CDCLatencySource", "CDCLatencyTarget",
	"CDCThroughputBandwidthTarget", "CDCThroughputRowsSource", "CDCThroughputRowsTarget",
	"FullLoadThroughputBandwidthTarget", "FullLoadThroughputRowsTarget",
}

// ServerlessDimension is the dimension a serverless replication's metrics
// carry, as deployments report it (see ServerlessMetrics).
const ServerlessDimension = "ReplicationConfigId"

// MonitoringProps configures NewMonitoring.
type MonitoringProps struct {
	// Provider is the target region's, where DMS and the dashboard are.
	Provider provider.AwsProvider
	Name     string
	Config   settings.MonitoringConfig
	// SourceRegion and TargetRegion are Terraform expressions: a widget
	// names the region of its metrics, and Oracle's are in the source's.
	SourceRegion, TargetRegion *string
	DMS                        *DMS
	// InstanceID is the replication instance's name (its metrics'
	// ReplicationInstanceIdentifier).
	InstanceID string
	// OracleID and AuroraWriterID are the RDS instance identifiers.
	OracleID, AuroraWriterID string
	// AlertEmail, when not "" at deploy time, is subscribed to the topic.
	AlertEmail *string
}

// Monitoring is what a user watches the migration with: a dashboard, an
// alarm per task on each CDC latency, DMS event subscriptions for task
// failures and state changes and the instance's failures, and the SNS
// topic they all notify. Destroy removes all of it.
type Monitoring struct {
	Topic     snstopic.SnsTopic
	Dashboard cloudwatchdashboard.CloudwatchDashboard
	// DashboardName is its name, for the console URL output.
	DashboardName string
	Alarms        []cloudwatchmetricalarm.CloudwatchMetricAlarm
}

// taskRef is one task as its metrics name it.
type taskRef struct {
	label      string // "oracle-to-aurora"
	resourceID *string
}

// NewMonitoring builds the lab's monitoring in the target region.
func NewMonitoring(scope constructs.Construct, id string, props *MonitoringProps) *Monitoring {
	c := constructs.NewConstruct(scope, jsii.String(id))
	p := props.Provider
	m := &Monitoring{DashboardName: props.Name + "-dms-lab"}
	account := dataawscalleridentity.NewDataAwsCallerIdentity(c, jsii.String("account"), &dataawscalleridentity.DataAwsCallerIdentityConfig{Provider: p})

	m.Topic = snstopic.NewSnsTopic(c, jsii.String("alerts"), &snstopic.SnsTopicConfig{
		Provider: p,
		Name:     jsii.String(props.Name + "-alerts"),
	})
	// CloudWatch alarms and DMS event subscriptions publish as their
	// service principals; only on behalf of this account.
	policy := snstopicpolicy.NewSnsTopicPolicy(c, jsii.String("alerts-policy"), &snstopicpolicy.SnsTopicPolicyConfig{
		Provider: p,
		Arn:      m.Topic.Arn(),
		Policy: cdktf.Fn_Jsonencode(map[string]any{
			"Version": "2012-10-17",
			"Statement": []map[string]any{{
				"Sid":       "LabServicesPublish",
				"Effect":    "Allow",
				"Principal": map[string]any{"Service": []string{"cloudwatch.amazonaws.com", "dms.amazonaws.com"}},
				"Action":    "sns:Publish",
				"Resource":  m.Topic.Arn(),
				"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account.AccountId()}},
			}},
		}),
	})
	snstopicsubscription.NewSnsTopicSubscription(c, jsii.String("alert-email"), &snstopicsubscription.SnsTopicSubscriptionConfig{
		Provider: p,
		Count:    cdktf.Token_AsNumber(cdktf.Fn_Conditional(isSet(props.AlertEmail), 1, 0)),
		TopicArn: m.Topic.Arn(),
		Protocol: jsii.String("email"),
		Endpoint: props.AlertEmail,
	})

	d := props.DMS
	var tasks []taskRef
	for _, r := range d.Replications() {
		tasks = append(tasks, taskRef{label: r.Label, resourceID: r.ResourceID})
	}
	// A metric line's dimensions, as name-value pairs: a task's are its
	// instance's name and its resource id; a serverless replication's the
	// account and its resource id.
	dimensions := func(t taskRef) []any {
		if d.Serverless {
			return []any{ServerlessDimension, cdktf.Fn_Format(jsii.String("%s:%s"), &[]interface{}{account.AccountId(), t.resourceID})}
		}
		return []any{"ReplicationInstanceIdentifier", props.InstanceID, "ReplicationTaskIdentifier", t.resourceID}
	}
	topic := &[]*string{m.Topic.Arn()}
	for _, t := range tasks {
		for _, a := range []struct{ metric, suffix string }{
			{"CDCLatencySource", "cdc-latency-source"}, {"CDCLatencyTarget", "cdc-latency-target"},
		} {
			metric := a.metric
			name := fmt.Sprintf("%s-%s-%s", props.Name, t.label, a.suffix)
			m.Alarms = append(m.Alarms, cloudwatchmetricalarm.NewCloudwatchMetricAlarm(c, jsii.String(name), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
				Provider:           p,
				AlarmName:          jsii.String(name),
				AlarmDescription:   jsii.String(fmt.Sprintf("%s of %s %s-%s above %d s for 5 minutes", metric, kind(d), props.Name, t.label, props.Config.CDCLatencyAlarmSeconds)),
				Namespace:          jsii.String("AWS/DMS"),
				MetricName:         jsii.String(metric),
				Dimensions:         dimensionMap(dimensions(t)),
				Statistic:          jsii.String("Maximum"),
				Period:             jsii.Number(60),
				EvaluationPeriods:  jsii.Number(5),
				DatapointsToAlarm:  jsii.Number(5),
				Threshold:          jsii.Number(float64(props.Config.CDCLatencyAlarmSeconds)),
				ComparisonOperator: jsii.String("GreaterThanThreshold"),
				// A task in full load or stopped publishes no CDC latency.
				TreatMissingData: jsii.String("notBreaching"),
				AlarmActions:     topic,
				OkActions:        topic,
				DependsOn:        &[]cdktf.ITerraformDependable{policy},
			}))
		}
	}

	if !d.Serverless {
		newDMSEventSubscriptions(c, p, props, m.Topic, policy)
	}

	m.Dashboard = cloudwatchdashboard.NewCloudwatchDashboard(c, jsii.String("dashboard"), &cloudwatchdashboard.CloudwatchDashboardConfig{
		Provider:      p,
		DashboardName: jsii.String(m.DashboardName),
		DashboardBody: cdktf.Fn_Jsonencode(dashboardBody(props, tasks, dimensions)),
	})
	return m
}

// kind is what DMS calls a replication in this form.
func kind(d *DMS) string {
	if d.Serverless {
		return "serverless replication"
	}
	return "task"
}

// dimensionMap turns name-value pairs into an alarm's dimensions.
func dimensionMap(pairs []any) *map[string]*string {
	out := map[string]*string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		switch v := pairs[i+1].(type) {
		case string:
			out[pairs[i].(string)] = jsii.String(v)
		case *string:
			out[pairs[i].(string)] = v
		}
	}
	return &out
}

// newDMSEventSubscriptions mails a task's failures and state changes and
// the instance's failures. DMS event subscriptions take the source types
// replication-instance and replication-task (DMS API Reference,
// CreateEventSubscription SourceType), so a serverless replication has none.
func newDMSEventSubscriptions(c constructs.Construct, p provider.AwsProvider, props *MonitoringProps, topic snstopic.SnsTopic, policy cdktf.ITerraformDependable) {
	d := props.DMS
	// DMS event subscriptions name their sources by identifier (name).
	dmseventsubscription.NewDmsEventSubscription(c, jsii.String("task-events"), &dmseventsubscription.DmsEventSubscriptionConfig{
		Provider:        p,
		Name:            jsii.String(props.Name + "-replication-task-events"),
		SnsTopicArn:     topic.Arn(),
		SourceType:      jsii.String("replication-task"),
		SourceIds:       &[]*string{d.AuroraTask.ReplicationTaskId(), d.S3Task.ReplicationTaskId()},
		EventCategories: jsii.Strings("failure", "state change"),
		Enabled:         jsii.Bool(true),
		DependsOn:       &[]cdktf.ITerraformDependable{policy},
	})
	dmseventsubscription.NewDmsEventSubscription(c, jsii.String("instance-events"), &dmseventsubscription.DmsEventSubscriptionConfig{
		Provider:        p,
		Name:            jsii.String(props.Name + "-replication-instance-events"),
		SnsTopicArn:     topic.Arn(),
		SourceType:      jsii.String("replication-instance"),
		SourceIds:       &[]*string{d.Instance.ReplicationInstanceId()},
		EventCategories: jsii.Strings("failure", "low storage"),
		Enabled:         jsii.Bool(true),
		DependsOn:       &[]cdktf.ITerraformDependable{policy},
	})
}

// resourceIDOf is the last colon-separated part of an ARN, as a Terraform
// expression: a task's resource identifier.
func resourceIDOf(arn *string) *string {
	return cdktf.Token_AsString(cdktf.Fn_Element(cdktf.Fn_Split(jsii.String(":"), arn), jsii.Number(6)), nil)
}

// dashboardWidget is a CloudWatch dashboard metric widget (CloudWatch API
// Reference, "Dashboard Body Structure and Syntax").
type dashboardWidget struct {
	Type       string         `json:"type"`
	X          int            `json:"x"`
	Y          int            `json:"y"`
	Width      int            `json:"width"`
	Height     int            `json:"height"`
	Properties map[string]any `json:"properties"`
}

// dashboardBody lays out one row per task (its seven metrics in three
// widgets), then the instance, then Oracle (in the source region) and
// Aurora. Values may be Terraform expressions, so the body is a map that
// jsonencode writes at deploy time.
func dashboardBody(props *MonitoringProps, tasks []taskRef, dimensions func(taskRef) []any) map[string]any {
	var widgets []dashboardWidget
	y := 0
	metricWidget := func(x, w int, title string, region *string, stat string, metrics [][]any) {
		widgets = append(widgets, dashboardWidget{Type: "metric", X: x, Y: y, Width: w, Height: 6, Properties: map[string]any{
			"title": title, "region": region, "stat": stat, "period": 60, "view": "timeSeries", "metrics": metrics,
		}})
	}
	for _, t := range tasks {
		task := func(names ...string) [][]any {
			var out [][]any
			for _, n := range names {
				out = append(out, append([]any{"AWS/DMS", n}, dimensions(t)...))
			}
			return out
		}
		title := props.Name + "-" + t.label
		metricWidget(0, 8, title+": CDC latency (s)", props.TargetRegion, "Maximum", task("CDCLatencySource", "CDCLatencyTarget"))
		if props.DMS.Serverless {
			// No disk-cached change counts; capacity instead.
			metricWidget(8, 8, title+": changes waiting, capacity used (%)", props.TargetRegion, "Maximum", task("CDCIncomingChanges", "CapacityUtilization"))
			metricWidget(16, 8, title+": rows per second", props.TargetRegion, "Average", task("CDCThroughputRowsSource", "CDCThroughputRowsTarget", "FullLoadThroughputRowsTarget"))
		} else {
			metricWidget(8, 8, title+": changes waiting", props.TargetRegion, "Maximum", task("CDCIncomingChanges", "CDCChangesDiskSource", "CDCChangesDiskTarget"))
			metricWidget(16, 8, title+": rows per second", props.TargetRegion, "Average", task("CDCThroughputRowsTarget", "FullLoadThroughputRowsTarget"))
		}
		y += 6
	}
	if !props.DMS.Serverless {
		instance := func(name string) [][]any {
			return [][]any{{"AWS/DMS", name, "ReplicationInstanceIdentifier", props.InstanceID}}
		}
		metricWidget(0, 8, props.InstanceID+": CPU (%)", props.TargetRegion, "Average", instance("CPUUtilization"))
		metricWidget(8, 8, props.InstanceID+": freeable memory (bytes)", props.TargetRegion, "Average", instance("FreeableMemory"))
		metricWidget(16, 8, props.InstanceID+": free storage (bytes)", props.TargetRegion, "Average", instance("FreeStorageSpace"))
		y += 6
	}
	rds := func(id, name string) []any { return []any{"AWS/RDS", name, "DBInstanceIdentifier", id} }
	metricWidget(0, 12, "Oracle "+props.OracleID+": CPU (%) and connections", props.SourceRegion, "Average",
		[][]any{rds(props.OracleID, "CPUUtilization"), rds(props.OracleID, "DatabaseConnections")})
	metricWidget(12, 12, "Aurora "+props.AuroraWriterID+": CPU (%) and connections", props.TargetRegion, "Average",
		[][]any{rds(props.AuroraWriterID, "CPUUtilization"), rds(props.AuroraWriterID, "DatabaseConnections")})

	// Round-trip through JSON so that jsii passes plain maps and lists.
	raw, err := json.Marshal(map[string]any{"widgets": widgets})
	if err != nil {
		panic(err) // plain data and token strings only
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		panic(err)
	}
	return body
}
