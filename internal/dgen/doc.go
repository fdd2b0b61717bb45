// Package dgen holds nothing but this map of the DMS lab's data generator
// and the test that keeps to it (layout_test.go). The command is cmd/dgen
// (main only), built at synth by internal/dgenbuild.
//
//	cli              the dgen command: flags, environment, exit statuses, output; one file per command
//	connect          DSNs and the lab's secrets; the one table from an engine's name to its driver and dialect
//	store            the tables, the ledger, preload, the run workload, prepare; the Dialect interface
//	store/oracle     Oracle's SQL and PL/SQL, array-bound preload, CDC preparation
//	store/postgres   PostgreSQL's SQL, COPY preload, raw-byte row streaming
//	store/storetest  the suite every dialect passes, and the recording driver that pins Oracle's SQL
//	verify           source against Aurora and S3: sides, digests, normalization
//	fidelity         TYPES column by column: DMS's documented type mappings (data) and each value's outcome
//	dmsstatus        the lab's DMS tasks as status shows them
//	report           the lab as one self-contained HTML page: tasks, charts in SVG, verify results, cost so far
//
// Who may import whom (dgen's own packages):
//
//	cli        connect, store, verify, fidelity, dmsstatus, report, and internal/workloadspec (run's rate, duration, mix)
//	connect    store, store/oracle, store/postgres
//	verify     store, fidelity
//	fidelity   store
//	store/*    store
//	store      none
//	dmsstatus  none
//	report     dmsstatus, verify, fidelity, and internal/preflight (the price table), settings (the lab's classes)
package dgen
