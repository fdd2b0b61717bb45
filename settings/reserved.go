package settings

import (
	"slices"
	"strings"
)

// OracleReservedWords are the words Oracle reserves (Oracle Database SQL
// Language Reference, appendix "Oracle SQL Reserved Words"). RDS refuses
// them as the DB name (SID) and as the master user ("Can't be a word
// reserved by the database engine", RDS API Reference, CreateDBInstance
// DBName and MasterUsername). Oracle folds unquoted names to upper case.
var OracleReservedWords = []string{
	"ACCESS", "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUDIT", "BETWEEN", "BY",
	"CHAR", "CHECK", "CLUSTER", "COLUMN", "COLUMN_VALUE", "COMMENT", "COMPRESS", "CONNECT",
	"CREATE", "CURRENT", "DATE", "DECIMAL", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP",
	"ELSE", "EXCLUSIVE", "EXISTS", "FILE", "FLOAT", "FOR", "FROM", "GRANT", "GROUP", "HAVING",
	"IDENTIFIED", "IMMEDIATE", "IN", "INCREMENT", "INDEX", "INITIAL", "INSERT", "INTEGER",
	"INTERSECT", "INTO", "IS", "LEVEL", "LIKE", "LOCK", "LONG", "MAXEXTENTS", "MINUS",
	"MLSLABEL", "MODE", "MODIFY", "NESTED_TABLE_ID", "NOAUDIT", "NOCOMPRESS", "NOT", "NOWAIT",
	"NULL", "NUMBER", "OF", "OFFLINE", "ON", "ONLINE", "OPTION", "OR", "ORDER", "PCTFREE",
	"PRIOR", "PUBLIC", "RAW", "RENAME", "RESOURCE", "REVOKE", "ROW", "ROWID", "ROWNUM", "ROWS",
	"SELECT", "SESSION", "SET", "SHARE", "SIZE", "SMALLINT", "START", "SUCCESSFUL", "SYNONYM",
	"SYSDATE", "TABLE", "THEN", "TO", "TRIGGER", "UID", "UNION", "UNIQUE", "UPDATE", "USER",
	"VALIDATE", "VALUES", "VARCHAR", "VARCHAR2", "VIEW", "WHENEVER", "WHERE", "WITH",
}

// OracleReservedUsers are users every RDS for Oracle database already has:
// Oracle-maintained accounts (Oracle Database Security Guide, "Oracle
// Database predefined user accounts") and RDS's own (RDS User Guide, "RDS
// for Oracle users and privileges": RDSADMIN, RDSSEC, RDS_DATAGUARD). The
// master user cannot be any of them.
var OracleReservedUsers = []string{
	"SYS", "SYSTEM", "RDSADMIN", "RDSSEC", "RDS_DATAGUARD", "DBSNMP", "OUTLN", "XDB",
	"ANONYMOUS", "APPQOSSYS", "AUDSYS", "CTXSYS", "DBSFWUSER", "DIP", "DVF", "DVSYS",
	"GGSYS", "GSMADMIN_INTERNAL", "GSMCATUSER", "GSMROOTUSER", "GSMUSER", "LBACSYS",
	"MDDATA", "MDSYS", "OJVMSYS", "OLAPSYS", "ORACLE_OCM", "ORDDATA", "ORDPLUGINS",
	"ORDSYS", "REMOTE_SCHEDULER_AGENT", "SI_INFORMTN_SCHEMA", "SYSBACKUP", "SYSDG",
	"SYSKM", "SYSRAC", "WMSYS",
}

// PostgresReservedWords are PostgreSQL's reserved key words (PostgreSQL
// documentation, appendix "SQL Key Words", category "reserved"). RDS refuses
// them as Aurora's database name and master user. PostgreSQL folds unquoted
// names to lower case.
var PostgresReservedWords = []string{
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
	"case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
	"current_date", "current_role", "current_time", "current_timestamp", "current_user",
	"default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false",
	"fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
	"intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
	"null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
	"returning", "select", "session_user", "some", "symmetric", "system_user", "table",
	"then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when",
	"where", "window", "with",
}

// PostgresReservedRoles are refused as Aurora PostgreSQL's master user:
// admin and rdsadmin (RDS answers "MasterUsername admin cannot be used as
// it is a reserved word used by the engine"; rdsadmin is RDS's own role),
// public and none (PostgreSQL: "role name ... is reserved"), and postgres,
// which this lab keeps refusing as the earlier validation did (RDS itself
// accepts it). Names starting with PostgresReservedRolePrefixes are refused
// too: pg_ is reserved by PostgreSQL for its predefined roles, rds by RDS
// for rds_superuser, rds_replication, rdsadmin and the like.
var (
	PostgresReservedRoles        = []string{"admin", "rdsadmin", "public", "none", "postgres"}
	PostgresReservedRolePrefixes = []string{"pg_", "rds"}
)

// PostgresExistingDatabases exist in every Aurora PostgreSQL cluster (RDS API
// Reference, CreateDBCluster DatabaseName: "A database named postgres is
// always created"); the lab's database cannot take one of these names.
var PostgresExistingDatabases = []string{"postgres", "template0", "template1", "rdsadmin"}

func isOracleReserved(name string) bool {
	return slices.Contains(OracleReservedWords, strings.ToUpper(name))
}

func isPostgresReserved(name string) bool {
	return slices.Contains(PostgresReservedWords, strings.ToLower(name))
}
