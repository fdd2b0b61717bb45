package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// dmsSysObjects are the SYS objects a DMS user reads through LogMiner, each
// granted with rdsadmin.rdsadmin_util.grant_sys_object (RDS allows no direct
// grant on SYS objects).
var dmsSysObjects = []string{
	"DBA_TABLESPACES", "ALL_VIEWS", "ALL_TAB_PARTITIONS", "ALL_INDEXES", "ALL_OBJECTS", "ALL_TABLES",
	"ALL_USERS", "ALL_CATALOG", "ALL_CONSTRAINTS", "ALL_CONS_COLUMNS", "ALL_TAB_COLS",
	"ALL_IND_COLUMNS", "ALL_LOG_GROUPS", "V_$ARCHIVED_LOG", "V_$LOG", "V_$LOGFILE", "V_$DATABASE",
	"V_$THREAD", "V_$PARAMETER", "V_$NLS_PARAMETERS", "V_$TIMEZONE_NAMES", "V_$TRANSACTION",
	"V_$CONTAINERS", "DBA_REGISTRY", "OBJ$", "ALL_ENCRYPTED_COLUMNS", "V_$LOGMNR_LOGS",
	"V_$LOGMNR_CONTENTS", "REGISTRY$SQLPATCH",
}

// The PL/SQL prepare sends; every value is a bind variable.
const (
	sqlRetentionNow      = `SELECT value FROM rdsadmin.rds_configuration WHERE name = 'archivelog retention hours'`
	sqlSetRetention      = `BEGIN rdsadmin.rdsadmin_util.set_configuration(name => 'archivelog retention hours', value => :1); END;`
	sqlSupplementalNow   = `SELECT supplemental_log_data_min, supplemental_log_data_pk FROM v$database`
	sqlSupplementalAdd   = `BEGIN rdsadmin.rdsadmin_util.alter_supplemental_logging(p_action => 'ADD'); END;`
	sqlSupplementalPK    = `BEGIN rdsadmin.rdsadmin_util.alter_supplemental_logging(p_action => 'ADD', p_type => 'PRIMARY KEY'); END;`
	sqlAllColumnsNow     = `SELECT COUNT(*) FROM user_log_groups WHERE table_name = :1 AND log_group_type = 'ALL COLUMN LOGGING'`
	sqlUserExists        = `SELECT COUNT(*) FROM dba_users WHERE username = :1`
	sqlGrantSysObject    = `BEGIN rdsadmin.rdsadmin_util.grant_sys_object(p_obj_name => :1, p_grantee => :2, p_privilege => :3); END;`
	sqlCurrentSchemaName = `SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM dual`
	sqlCurrentUser       = `SELECT USER FROM dual`
	sqlSysGrantsNow      = `SELECT table_name, privilege FROM dba_tab_privs WHERE grantee = :1 AND owner = 'SYS'`
)

var (
	oracleUserPattern     = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,29}$`)
	oraclePasswordPattern = regexp.MustCompile(`^[A-Za-z0-9_#$!%^&*()\-+=.,:;?~]{8,30}$`)
)

// Prepare readies RDS for Oracle for DMS CDC through LogMiner, and says for
// each step whether it changed something or found it in place. Running it
// again changes nothing.
func (Dialect) Prepare(ctx context.Context, s *store.Store, o store.PrepareOptions) ([]store.Step, error) {
	if o.RetentionHours == 0 {
		o.RetentionHours = 24
	}
	var steps []store.Step
	add := func(step, status, detail string) {
		steps = append(steps, store.Step{Step: step, Status: status, Detail: detail})
	}

	var current sql.NullString
	if err := s.DB.QueryRowContext(ctx, sqlRetentionNow).Scan(&current); err != nil && err != sql.ErrNoRows {
		return steps, fmt.Errorf("read archivelog retention: %w", err)
	}
	if n, err := strconv.Atoi(current.String); err == nil && n >= o.RetentionHours {
		add("archivelog retention hours", "in place", current.String)
	} else {
		if _, err := s.DB.ExecContext(ctx, sqlSetRetention, strconv.Itoa(o.RetentionHours)); err != nil {
			return steps, fmt.Errorf("set archivelog retention: %w", err)
		}
		add("archivelog retention hours", "changed", fmt.Sprintf("%s -> %d", orNone(current.String), o.RetentionHours))
	}

	var minimal, pk string
	if err := s.DB.QueryRowContext(ctx, sqlSupplementalNow).Scan(&minimal, &pk); err != nil {
		return steps, fmt.Errorf("read supplemental logging: %w", err)
	}
	for _, sl := range []struct{ name, now, stmt string }{
		{"supplemental logging (minimal)", minimal, sqlSupplementalAdd},
		{"supplemental logging (primary key)", pk, sqlSupplementalPK},
	} {
		if sl.now == "YES" {
			add(sl.name, "in place", "")
			continue
		}
		if _, err := s.DB.ExecContext(ctx, sl.stmt); err != nil {
			return steps, fmt.Errorf("%s: %w", sl.name, err)
		}
		add(sl.name, "changed", "")
	}

	have, err := s.ExistingTables(ctx)
	if err != nil {
		return steps, err
	}
	// Every table, TABLE1 and TYPES too: see AfterCreate for why the S3
	// target needs whole rows even where the primary key identifies them.
	for _, t := range store.DataTables() {
		step := "all-column logging on " + t.Name
		if !have[t.Name] {
			add(step, "skipped", "the table does not exist yet; init adds it")
			continue
		}
		var n int
		if err := s.DB.QueryRowContext(ctx, sqlAllColumnsNow, t.Name).Scan(&n); err != nil {
			return steps, fmt.Errorf("%s: %w", step, err)
		}
		if n > 0 {
			add(step, "in place", "")
			continue
		}
		if _, err := s.DB.ExecContext(ctx, allColumnLogging(t.Name)); err != nil {
			return steps, fmt.Errorf("%s: %w", step, err)
		}
		add(step, "changed", "")
	}

	if o.DMSPassword == "" {
		// DMS reads as the user dgen connects as (the lab's endpoints use the
		// master user's secret): that user needs the SYS-object grants too.
		var me string
		if err := s.DB.QueryRowContext(ctx, sqlCurrentUser).Scan(&me); err != nil {
			return steps, fmt.Errorf("read current user: %w", err)
		}
		add("DMS user", "skipped", "no password given ("+o.DMSPasswordFrom+"); DMS reads as "+me)
		step, err := grantSysObjects(ctx, s.DB, me)
		return append(steps, step), err
	}
	more, err := prepareDMSUser(ctx, s.DB, o, have)
	return append(steps, more...), err
}

// grantSysObjects grants the SYS objects DMS reads to grantee, each only
// when it is missing, so a second run sends nothing.
func grantSysObjects(ctx context.Context, db *sql.DB, grantee string) (store.Step, error) {
	step := store.Step{Step: "SYS-object grants for " + grantee}
	rows, err := db.QueryContext(ctx, sqlSysGrantsNow, grantee)
	if err != nil {
		return step, fmt.Errorf("read %s's grants: %w", grantee, err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var obj, priv string
		if err := rows.Scan(&obj, &priv); err != nil {
			rows.Close()
			return step, err
		}
		have[obj+" "+priv] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return step, err
	}
	wanted := make([][2]string, 0, len(dmsSysObjects)+1)
	for _, obj := range dmsSysObjects {
		wanted = append(wanted, [2]string{obj, "SELECT"})
	}
	wanted = append(wanted, [2]string{"DBMS_LOGMNR", "EXECUTE"})
	granted := 0
	for _, w := range wanted {
		if have[w[0]+" "+w[1]] {
			continue
		}
		if _, err := db.ExecContext(ctx, sqlGrantSysObject, w[0], grantee, w[1]); err != nil {
			return step, fmt.Errorf("grant %s on %s to %s: %w", w[1], w[0], grantee, err)
		}
		granted++
	}
	if granted == 0 {
		step.Status = "in place"
	} else {
		step.Status, step.Detail = "changed", fmt.Sprintf("%d of %d granted", granted, len(wanted))
	}
	return step, nil
}

func orNone(s string) string {
	if s == "" {
		return "unset"
	}
	return s
}

// dmsUserStatements are the statements that create and grant the DMS user,
// apart from the sys-object grants. Names cannot be bound in DDL, so they
// are checked against strict patterns first.
func dmsUserStatements(user, password, schema string, create bool, tables map[string]bool) []string {
	var stmts []string
	if create {
		stmts = append(stmts, fmt.Sprintf(`CREATE USER %s IDENTIFIED BY "%s"`, user, password))
	}
	stmts = append(stmts,
		"GRANT CREATE SESSION TO "+user,
		"GRANT SELECT ANY TRANSACTION TO "+user,
		"GRANT LOGMINING TO "+user,
		"GRANT EXECUTE ON rdsadmin.rdsadmin_util TO "+user,
	)
	for _, t := range store.DataTables() {
		if tables[t.Name] {
			stmts = append(stmts, fmt.Sprintf("GRANT SELECT ON %s.%s TO %s", schema, t.Name, user))
		}
	}
	return stmts
}

func prepareDMSUser(ctx context.Context, db *sql.DB, o store.PrepareOptions, have map[string]bool) ([]store.Step, error) {
	if !oracleUserPattern.MatchString(o.DMSUser) {
		return nil, fmt.Errorf("DMS user %q: want an upper-case Oracle name of up to 30 letters, digits and underscores", o.DMSUser)
	}
	if !oraclePasswordPattern.MatchString(o.DMSPassword) {
		return nil, fmt.Errorf("DMS user password: want 8 to 30 letters, digits and _#$!%%^&*()-+=.,:;?~ (it is written into CREATE USER, which cannot bind it)")
	}
	var steps []store.Step
	var n int
	if err := db.QueryRowContext(ctx, sqlUserExists, o.DMSUser).Scan(&n); err != nil {
		return steps, fmt.Errorf("look up DMS user: %w", err)
	}
	var schema string
	if err := db.QueryRowContext(ctx, sqlCurrentSchemaName).Scan(&schema); err != nil {
		return steps, fmt.Errorf("read current schema: %w", err)
	}
	if !oracleUserPattern.MatchString(schema) {
		return steps, fmt.Errorf("current schema %q is not a plain upper-case name; grant SELECT on its tables to %s by hand", schema, o.DMSUser)
	}
	for _, st := range dmsUserStatements(o.DMSUser, o.DMSPassword, schema, n == 0, have) {
		if _, err := db.ExecContext(ctx, st); err != nil {
			return steps, fmt.Errorf("%s: %w", store.FirstWords(st, 3), err)
		}
	}
	if n == 0 {
		steps = append(steps, store.Step{Step: "DMS user " + o.DMSUser, Status: "changed", Detail: "created"})
	} else {
		steps = append(steps, store.Step{Step: "DMS user " + o.DMSUser, Status: "in place"})
	}
	step, err := grantSysObjects(ctx, db, o.DMSUser)
	return append(steps, step), err
}
