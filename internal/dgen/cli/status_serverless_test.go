package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

// A lab in DMS Serverless: status finds its two replications by the
// Project tag among other projects' configurations, shows their capacity,
// tables and CDC latency read under whichever dimension their series carry.
func TestStatusServerlessRunning(t *testing.T) {
	lab := runningServerlessLab(time.Now().UTC().Truncate(time.Minute))
	fake := fakeServerlessAWS(t, lab)
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "table1", "-n", "1000", "-b", "1")

	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "--json", "status", "--once")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var reps []dmsstatus.TaskStatus
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].ID != "dmslab-oracle-to-aurora" || reps[1].ID != "dmslab-oracle-to-s3" {
		t.Fatalf("replications (only the lab's, by identifier): %+v", reps)
	}
	pg, s3 := reps[0], reps[1]
	if pg.Mode != "serverless" || pg.Status != "running" || pg.Arn != "arn:aws:dms:us-east-1:123456789012:replication-config:dmslab-pg" ||
		pg.FullLoadPercent != 100 || pg.TablesLoaded != 2 || pg.ProvisionState != "provisioned" || pg.Deprovisioned || pg.Note != "" {
		t.Errorf("aurora replication: %+v", pg)
	}
	if pg.CapacityUnits == nil || *pg.CapacityUnits != 2 || *pg.MinCapacityUnits != 1 || *pg.MaxCapacityUnits != 4 || *pg.MultiAZ {
		t.Errorf("aurora capacity: %v %v %v %v", pg.CapacityUnits, pg.MinCapacityUnits, pg.MaxCapacityUnits, pg.MultiAZ)
	}
	if s3.CapacityUnits == nil || *s3.CapacityUnits != 4 || *s3.MaxCapacityUnits != 8 || !*s3.MultiAZ {
		t.Errorf("s3 capacity: %+v", s3.Serverless)
	}
	// Latency: the newest datapoint of each, found under "<account>:dmslab-pg"
	// for one and the configuration's ARN for the other, never the other
	// project's "…:olddmslab-pg".
	for _, c := range []struct {
		r        dmsstatus.TaskStatus
		src, dst float64
	}{{pg, 2, 4.5}, {s3, 7, 11}} {
		if c.r.CDCLatencySource == nil || *c.r.CDCLatencySource != c.src || c.r.CDCLatencyTarget == nil || *c.r.CDCLatencyTarget != c.dst {
			t.Errorf("%s latency %v %v, want %v %v", c.r.ID, c.r.CDCLatencySource, c.r.CDCLatencyTarget, c.src, c.dst)
		}
	}
	if len(pg.Tables) != 2 || pg.Tables[0].Table != "TABLE1" || pg.Tables[0].Loaded != 100000 || pg.Tables[0].Total != 1000 ||
		pg.Tables[0].Inserts != 512 || pg.Tables[1].Table != "TABLE2" || pg.Tables[1].Total != 0 {
		t.Errorf("aurora tables (TABLE1 with the source's 1000 rows): %+v", pg.Tables)
	}
	for _, key := range []string{`"mode": "serverless"`, `"provision_state": "provisioned"`, `"provisioned_capacity_units": 2`, `"min_capacity_units": 1`, `"max_capacity_units": 4`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	// Each metric's series listed once per refresh, not once per replication.
	if n := askedFor(fake, "ListMetrics"); n != 2 {
		t.Errorf("%d ListMetrics calls, want 2 (CDCLatencySource and CDCLatencyTarget)", n)
	}

	code, out, _ = dgenRun(t, nil, "--dsn", dsn, "status", "--once")
	for _, want := range []string{
		"DMS Serverless replications tagged Project=dmslab",
		"dmslab-oracle-to-aurora  RUNNING  full load 100%  CDC latency source 2s, target 4s",
		"  DMS Serverless: 2 DCU provisioned (bounds 1 to 4 DCU), provision state provisioned\n",
		"  DMS Serverless: 4 DCU provisioned (bounds 2 to 8 DCU, Multi-AZ), provision state provisioned\n",
		"dmslab-oracle-to-s3  RUNNING  full load 100%  CDC latency source 7s, target 11s",
		"TABLE1  [####################]    100000/1000",
	} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("text status (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
	if strings.Contains(out, "other-oracle") || strings.Contains(out, "untagged") || strings.Contains(out, "note:") {
		t.Errorf("text status shows what is not the lab's, or a note:\n%s", out)
	}
}

// One replication stopped and still provisioned, the other deprovisioned:
// status says when DMS deprovisions the first and why the second has no
// statistics, asks DMS for no statistics of the deprovisioned one, and
// exits 0 as for a stopped task.
func TestStatusServerlessStoppedAndDeprovisioned(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Minute)
	lab := runningServerlessLab(now)
	pg, s3 := &lab.reps[1], &lab.reps[2]
	pg.status, pg.stopReason, pg.stopped, pg.deprovision = "stopped", "Stop Reason NORMAL", now.Add(-8*time.Hour), now.Add(40*time.Hour)
	s3.status, s3.provision, s3.units = "stopped", "deprovisioned", 0
	s3.stopped, s3.deprovision = now.Add(-60*time.Hour), now.Add(-12*time.Hour)
	s3.metrics = map[string][]float64{} // no series since it stopped
	fakeServerlessAWS(t, lab)

	code, out, errOut := dgenRun(t, nil, "--json", "status", "--once")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var reps []dmsstatus.TaskStatus
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 2 {
		t.Fatalf("%v: %s", err, out)
	}
	if r := reps[1]; !r.Deprovisioned || r.Tables != nil || r.CDCLatencySource != nil || *r.CapacityUnits != 0 ||
		r.DeprovisionTime == nil || !r.DeprovisionTime.Equal(s3.deprovision) || !strings.Contains(r.Note, "table statistics are no longer available") {
		t.Errorf("deprovisioned: %+v", r)
	}
	if r := reps[0]; r.Deprovisioned || len(r.Tables) != 2 || r.StopReason != "Stop Reason NORMAL" || r.LastStopTime == nil ||
		!strings.Contains(r.Note, "deprovisions a replication not started again within 48 hours, on "+minuteStamp(pg.deprovision)) {
		t.Errorf("stopped: %+v", r)
	}

	code, out, _ = dgenRun(t, nil, "status", "--once")
	for _, want := range []string{
		"dmslab-oracle-to-s3  STOPPED  full load 100%  CDC latency source -, target -\n" +
			"  DMS Serverless: no capacity provisioned (bounds 2 to 8 DCU, Multi-AZ), provision state deprovisioned\n" +
			"  note: deprovisioned on " + minuteStamp(s3.deprovision) + ": DMS released this replication's capacity, so its table statistics are no longer available, " +
			"and a replication not started within 48 hours of stopping cannot be restarted; it stopped on " + minuteStamp(s3.stopped) + "\n",
		"  note: stopped on " + minuteStamp(pg.stopped) + " (Stop Reason NORMAL); DMS deprovisions a replication not started again within 48 hours, on " + minuteStamp(pg.deprovision),
	} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("text status (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
}

func minuteStamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
