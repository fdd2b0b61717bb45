package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// labOutputs prints what the runbook needs after deploy: every ARN, both
// databases' addresses, the bucket, the host, and commands ready to paste.
// No output holds a password: the secrets' ARNs are given instead.
func labOutputs(scope constructs.Construct, s *LabStack) {
	var out outputFunc = func(id string, value interface{}, description string) {
		cdktf.NewTerraformOutput(scope, jsii.String(id), &cdktf.TerraformOutputConfig{
			Value:       value,
			Description: jsii.String(description),
		})
	}
	var format formatFunc = func(f string, args ...interface{}) *string {
		return cdktf.Token_AsString(cdktf.Fn_Format(jsii.String(f), &args), nil)
	}
	src, tgt := s.Variables.SourceRegion.StringValue(), s.Variables.TargetRegion.StringValue()
	d := s.DMS

	out("oracle_endpoint_arn", d.OracleEndpoint.EndpointArn(), "DMS source endpoint (Oracle)")
	out("aurora_endpoint_arn", d.AuroraEndpoint.EndpointArn(), "DMS target endpoint (Aurora PostgreSQL)")
	out("s3_endpoint_arn", d.S3Endpoint.EndpointArn(), "DMS target endpoint (S3)")
	if d.Serverless {
		serverlessOutputs(out, format, tgt, d)
	} else {
		instanceOutputs(out, format, tgt, d)
	}

	out("source_db_address", s.Source.Instance.Address(), "Oracle host name (private)")
	out("source_db_port", s.Source.Instance.Port(), "Oracle port")
	out("source_db_name", s.Source.Instance.DbName(), "Oracle SID")
	out("source_db_master_user", s.Variables.SourceDbUsername.StringValue(), "Oracle master user")
	out("source_db_secret_arn", s.SourceCredentials.Secret.Arn(), "Secret holding the Oracle credentials")
	out("target_db_address", s.Target.Cluster.Endpoint(), "Aurora writer endpoint (private)")
	out("target_db_reader_writer_address", s.Target.ReaderWriter.Endpoint(), "Aurora custom endpoint <namePrefix>-reader-writer")
	out("target_db_port", s.Target.Cluster.Port(), "Aurora port")
	out("target_db_name", s.Target.Cluster.DatabaseName(), "Aurora database")
	out("target_db_master_user", s.Variables.TargetDbUsername.StringValue(), "Aurora master user")
	out("target_db_secret_arn", s.TargetCredentials.Secret.Arn(), "Secret holding the Aurora credentials")
	out("target_bucket", s.Bucket.Bucket.Bucket(), "S3 target bucket")
	out("generator_host_id", s.Host.Instance.Id(), "Data generator host")

	s3URL := format("s3://%s/"+S3BucketFolder+"/%s", s.Bucket.Bucket.Bucket(), s.Schema)
	out("s3_verify_url", s3URL, "Where the S3 task writes the schema's tables, for dgen verify --s3")
	out("verify_command", format("dgen --secret-id %s verify --target-secret-id %s --s3 %s --s3-region %s --wait 15m",
		s.SourceCredentials.Secret.Arn(), s.TargetCredentials.Secret.Arn(), s3URL, tgt),
		"Run on the generator host: compare Oracle with Aurora and with the S3 files, block by block")
	out("status_command", format("dgen status --region %s --project "+s.Config.NamePrefix, tgt),
		"Run where AWS credentials are: the lab's tasks, live")
	out("report_command", format("dgen report --region %s --project "+s.Config.NamePrefix+" --out report.html", tgt),
		"Run where AWS credentials are: one self-contained HTML page of the lab's tasks, charts, verify results and cost so far")
	out("dashboard_url", format("https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards:name="+s.Monitoring.DashboardName, tgt, tgt),
		"The lab's CloudWatch dashboard: CDC latency and throughput per task or serverless replication, the DMS instance or serverless capacity, Oracle and Aurora")
	out("alerts_topic_arn", s.Monitoring.Topic.Arn(), "SNS topic of the CDC latency alarms and, with an instance, DMS failure events (alert_email subscribes an address)")
	out("ssm_session_command", format("aws ssm start-session --region %s --target %s", src, s.Host.Instance.Id()),
		"Open a shell on the generator host through Session Manager (needs the Session Manager plugin)")
}

// outputFunc and formatFunc are labOutputs' helpers.
type (
	outputFunc func(id string, value interface{}, description string)
	formatFunc func(f string, args ...interface{}) *string
)

// instanceOutputs are the replication instance's and its tasks'.
func instanceOutputs(out outputFunc, format formatFunc, tgt *string, d *DMS) {
	out("replication_instance_arn", d.Instance.ReplicationInstanceArn(), "DMS replication instance")
	out("aurora_task_arn", d.AuroraTask.ReplicationTaskArn(), "Oracle to Aurora task")
	out("s3_task_arn", d.S3Task.ReplicationTaskArn(), "Oracle to S3 task")
	testConnection := "aws dms test-connection --region %s --replication-instance-arn %s --endpoint-arn %s"
	out("test_connection_commands", &[]*string{
		format(testConnection, tgt, d.Instance.ReplicationInstanceArn(), d.OracleEndpoint.EndpointArn()),
		format(testConnection, tgt, d.Instance.ReplicationInstanceArn(), d.AuroraEndpoint.EndpointArn()),
		format(testConnection, tgt, d.Instance.ReplicationInstanceArn(), d.S3Endpoint.EndpointArn()),
	}, "Test each endpoint's connection; then `aws dms describe-connections` shows the results")
	out("describe_tasks_command", format(
		"aws dms describe-replication-tasks --region %s --filters Name=replication-task-arn,Values=%s,%s --query 'ReplicationTasks[].{id:ReplicationTaskIdentifier,status:Status,progress:ReplicationTaskStats.FullLoadProgressPercent}'",
		tgt, d.AuroraTask.ReplicationTaskArn(), d.S3Task.ReplicationTaskArn()), "This lab's two tasks, their status and full-load progress")
}

// serverlessOutputs are the serverless replications'. DMS Serverless has
// no test-connection of its own (it tests the endpoints when it starts).
func serverlessOutputs(out outputFunc, format formatFunc, tgt *string, d *DMS) {
	out("aurora_replication_config_arn", d.AuroraReplication.Arn(), "Oracle to Aurora serverless replication")
	out("s3_replication_config_arn", d.S3Replication.Arn(), "Oracle to S3 serverless replication")
	out("describe_replications_command", format(
		"aws dms describe-replications --region %s --filters Name=replication-config-arn,Values=%s,%s --query 'Replications[].{id:ReplicationConfigIdentifier,status:Status,capacity:ProvisionData.ProvisionedCapacityUnits,progress:ReplicationStats.FullLoadProgressPercent}'",
		tgt, d.AuroraReplication.Arn(), d.S3Replication.Arn()), "This lab's two serverless replications, their status, capacity and full-load progress")
}
